from auditor.facts.base import FactError

CHECK = "log_file_permissions"


def test_hardened_modes_pass(evaluate):
    outcome = evaluate(CHECK, log_files="log_files/debian12_hardened.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("11 file(s) under /var/log")


def test_world_readable_and_writable_listed(evaluate):
    outcome = evaluate(CHECK, log_files="log_files/debian12_world_readable.txt")
    assert outcome.status == "fail"
    assert outcome.message == "4 of 13 file(s) under /var/log too open"
    assert "/var/log/auth.log 0644 root:adm (world-readable)" in outcome.evidence
    debug = "/var/log/app/debug.log 0666 root:root"
    assert f"{debug} (world-writable, world-readable, writable by group root)" in outcome.evidence
    assert (
        "/var/log/app/access.log 0660 root:www-data (writable by group www-data)"
        in outcome.evidence
    )


def test_debian_defaults_flag_package_logs(evaluate):
    outcome = evaluate(CHECK, log_files="log_files/debian12_default.txt")
    assert outcome.status == "fail"
    assert "/var/log/dpkg.log 0644 root:root (world-readable)" in outcome.evidence
    assert not any("wtmp" in line or "btmp" in line for line in outcome.evidence)


def test_allow_list_parameter(evaluate):
    params = {"world_readable_allowed": ["wtmp*", "lastlog", "dnf*.log", "hawkey.log"]}
    assert evaluate(CHECK, params, log_files="log_files/rhel9_default.txt").status == "pass"
    assert evaluate(CHECK, log_files="log_files/rhel9_default.txt").status == "fail"


def test_error_without_root(evaluate):
    outcome = evaluate(CHECK, log_files=FactError("needs root privileges (no sudo)"))
    assert outcome.status == "error"
    assert "needs root" in outcome.message
