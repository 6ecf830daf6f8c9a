from auditor.facts.base import FactError


def test_lab_host_tmp_and_shm_have_every_option(evaluate):
    outcome = evaluate("mount_options", mounts="mounts/debian12_lab_host.txt")
    assert outcome.status == "pass"
    assert outcome.message == "/tmp, /dev/shm mounted with the required options"
    assert "/tmp: lab-tmp (tmpfs) rw,nosuid,nodev,noexec,relatime" in outcome.evidence
    assert (
        "/var/log/audit: not mounted separately, not judged here (see separate_partitions)"
        in outcome.evidence
    )


def test_vm_fstab_options_pass(evaluate):
    assert evaluate("mount_options", mounts="mounts/debian12_vm_tmpfs_tmp.txt").status == "pass"


def test_tmp_remounted_exec_fails(evaluate):
    outcome = evaluate("mount_options", mounts="mounts/debian12_lab_tmp_exec.txt")
    assert outcome.status == "fail"
    assert outcome.message == "mounts lack required options: /tmp without noexec"


def test_stock_shm_and_cis_partitioned_rhel(evaluate):
    outcome = evaluate("mount_options", mounts="mounts/debian12_vm_default.txt")
    assert outcome.status == "fail"
    assert outcome.message == "mounts lack required options: /dev/shm without noexec"
    outcome = evaluate("mount_options", mounts="mounts/rhel9_cis_lvm.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "mounts lack required options: /home without nosuid; /var/tmp without noexec"
    )


def test_options_are_a_parameter(evaluate):
    params = {"required": {"/home": "nodev", "/var/tmp/": ["nosuid", "nodev"]}}
    assert evaluate("mount_options", params, mounts="mounts/rhel9_cis_lvm.txt").status == "pass"
    params = {"required": {"/tmp": ["nodev", "nosuid", "noexec", "ro"]}}
    outcome = evaluate("mount_options", params, mounts="mounts/debian12_lab_host.txt")
    assert outcome.message == "mounts lack required options: /tmp without ro"


def test_nothing_mounted_separately_is_not_judged(evaluate):
    outcome = evaluate("mount_options", mounts="mounts/debian12_image_chroot.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("none of /tmp, /dev/shm, /home, /var")
    assert len(outcome.evidence) == 7


def test_errors(evaluate):
    outcome = evaluate("mount_options", mounts="mounts/chroot_no_root_mount.txt")
    assert outcome.status == "error"
    assert "mount of / is not visible" in outcome.message
    assert evaluate("mount_options", mounts=FactError("no /proc")).status == "error"
