from auditor.facts.base import FactError, Raw

CHECK = "sudoers_file_permissions"


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate(CHECK, sudoers="sudoers/debian12_lab_dirs.txt")
    assert outcome.status == "pass"
    assert outcome.message == (
        "5 sudoers file(s) and directories owned by root without mode bits 022"
    )
    assert "0755 root:root /etc/sudoers.d" in outcome.evidence


def test_writable_file_and_directory_fail(evaluate):
    outcome = evaluate(CHECK, sudoers="sudoers/debian12_writable.txt")
    assert outcome.status == "fail"
    assert outcome.evidence == (
        "0660 root:staff /etc/sudoers.d/90-ops",
        "0775 root:staff /etc/sudoers.d",
    )


def test_files_sudo_skips_are_not_judged(evaluate):
    text = (
        "\036SEC files\n\036FILE 440 root root 30 /etc/sudoers\n@includedir /etc/sudoers.d\n"
        "\036FILE 666 ops ops 0 /etc/sudoers.d/old.bak\n"
    )
    outcome = evaluate(CHECK, sudoers=Raw(text))
    assert outcome.status == "pass"
    assert outcome.evidence == ("0440 root:root /etc/sudoers",)


def test_owner_and_stricter_mode(evaluate):
    text = "\036FILE 440 deploy root 10 /etc/sudoers\nroot ALL=(ALL) ALL\n"
    assert evaluate(CHECK, sudoers=Raw(text)).status == "fail"
    params = {"forbidden_mode": "027"}
    outcome = evaluate(CHECK, params, sudoers="sudoers/debian12_lab_dirs.txt")
    assert outcome.status == "fail"
    assert "0755 root:root /etc/sudoers.d" in outcome.evidence


def test_skip_and_error(evaluate):
    assert evaluate(CHECK, sudoers=Raw("NO-SUDOERS\n")).status == "skip"
    assert evaluate(CHECK, sudoers=FactError("needs root")).status == "error"
