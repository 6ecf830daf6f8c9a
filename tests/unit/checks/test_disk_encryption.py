from auditor.facts.base import FactError, Target

TERMINAL = Target("pc1", "10.1.2.3", role="terminal")


def run(evaluate, data):
    return evaluate("disk_encryption", target=TERMINAL, block_devices=data)


def test_luks_under_lvm_passes(evaluate):
    outcome = run(evaluate, "block_devices/debian12_luks_lvm.txt")
    assert outcome.status == "pass"
    assert outcome.evidence[0] == (
        "/: /dev/mapper/pc01--vg-root (lvm) <- /dev/mapper/sda3_crypt (crypt) <- "
        "/dev/sda3 (part) <- /dev/sda (disk)"
    )


def test_plain_home_fails(evaluate):
    outcome = run(evaluate, "block_devices/rhel9_plain_home.txt")
    assert outcome.status == "fail"
    assert outcome.message == "not on an encrypted device: /home on /dev/nvme0n1p4"


def test_recorded_plain_disk_fails(evaluate):
    outcome = run(evaluate, "block_devices/debian12_machine.txt")
    assert outcome.status == "fail"
    assert "/ on /dev/vda" in outcome.message


def test_cannot_judge_in_chroot_or_container(evaluate):
    outcome = run(evaluate, "block_devices/chroot_no_root_mount.txt")
    assert outcome.status == "error"
    assert "mount of / is not visible" in outcome.message
    outcome = run(evaluate, "block_devices/container_overlay.txt")
    assert outcome.status == "error"
    assert "mounted from overlay (overlay)" in outcome.message


def test_skip_on_server_and_error(evaluate):
    outcome = evaluate("disk_encryption", block_devices="block_devices/rhel9_plain_home.txt")
    assert outcome.status == "skip"
    assert run(evaluate, FactError("x")).status == "error"
