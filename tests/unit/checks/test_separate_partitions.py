from auditor.facts.base import FactError, Raw

LEVEL4 = ["/tmp", "/dev/shm", "/home", "/var", "/var/tmp", "/var/log", "/var/log/audit"]


def test_lab_host_has_tmp_and_shm_of_its_own(evaluate):
    outcome = evaluate("separate_partitions", mounts="mounts/debian12_lab_host.txt")
    assert outcome.status == "pass"
    assert outcome.message == "mounted separately: /tmp, /dev/shm"
    assert outcome.evidence == (
        "/tmp: lab-tmp (tmpfs) rw,nosuid,nodev,noexec,relatime",
        "/dev/shm: lab-shm (tmpfs) rw,nosuid,nodev,noexec,relatime",
    )


def test_vm_with_tmpfs_tmp_passes_level3(evaluate):
    assert evaluate("separate_partitions", mounts="mounts/debian12_vm_tmpfs_tmp.txt").status == (
        "pass"
    )


def test_shm_left_in_dev_fails(evaluate):
    outcome = evaluate("separate_partitions", mounts="mounts/debian12_lab_shm_not_separate.txt")
    assert outcome.status == "fail"
    assert outcome.message == "not mounted separately: /dev/shm"
    assert outcome.evidence[1] == (
        "/dev/shm: no mount of its own, part of /dev: lab-dev (tmpfs) rw,nosuid,relatime,"
        "size=1024k,mode=755"
    )


def test_stock_vm_keeps_tmp_on_root(evaluate):
    outcome = evaluate("separate_partitions", mounts="mounts/debian12_vm_default.txt")
    assert outcome.status == "fail"
    assert outcome.message == "not mounted separately: /tmp"
    assert outcome.evidence[0].startswith("/tmp: no mount of its own, part of /: /dev/vda1 (ext4)")


def test_level4_list(evaluate):
    params = {"mountpoints": LEVEL4}
    outcome = evaluate("separate_partitions", params, mounts="mounts/rhel9_cis_lvm.txt")
    assert outcome.status == "pass"
    assert len(outcome.evidence) == 7
    outcome = evaluate("separate_partitions", params, mounts="mounts/debian12_vm_tmpfs_tmp.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "not mounted separately: /home, /var, /var/tmp, /var/log, /var/log/audit"
    )


def test_cannot_judge_without_the_root_mount(evaluate):
    outcome = evaluate("separate_partitions", mounts="mounts/chroot_no_root_mount.txt")
    assert outcome.status == "error"
    assert "mount of / is not visible" in outcome.message
    assert evaluate("separate_partitions", mounts="mounts/proc_not_mounted.txt").status == "error"
    assert evaluate("separate_partitions", mounts=FactError("timeout")).status == "error"
    assert evaluate("separate_partitions", mounts=Raw("", rc=124)).status == "error"
