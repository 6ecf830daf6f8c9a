from auditor.facts.base import FactError, Raw
from tests.unit.checks.conftest import DATA


def recorded_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


CHECK = "audit_log_space"


def test_hardened_actions_pass(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_lab_files.txt")
    assert outcome.status == "pass"
    assert "max_log_file_action = keep_logs" in outcome.evidence


def test_default_actions_fail(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_no_rules.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "auditd.conf space settings: max_log_file_action = ROTATE; space_left_action = SYSLOG; "
        "admin_space_left_action = SUSPEND; disk_full_action = SUSPEND; "
        "disk_error_action = SUSPEND"
    )


def test_parameter_allows_rotation(evaluate):
    params = {"allowed_actions": {"max_log_file_action": ["rotate"]}}
    outcome = evaluate(CHECK, params, log_audit="log_audit/debian12_no_rules.txt")
    assert outcome.status == "pass"


def test_skip_without_auditd(evaluate):
    assert evaluate(CHECK, log_audit="log_audit/not_installed.txt").status == "skip"


def test_error_without_root(evaluate):
    reason = "needs root privileges (sudo -n failed: a password is required)"
    outcome = evaluate(CHECK, log_audit=FactError(reason))
    assert outcome.status == "error"
    assert outcome.message == f"fact not available: log_audit: {reason}"


def test_error_when_installed_but_config_not_read(evaluate):
    raw = Raw("\036SEC installed\n\036SEC auditctl 0\nNo rules\n\036SEC files\n")
    outcome = evaluate(CHECK, log_audit=raw)
    assert outcome.status == "error"
    assert outcome.message.startswith("auditd is installed but /etc/audit/auditd.conf")
    assert "not a regular file" in outcome.message


def test_lab_baseline_sets_max_log_file(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_lab_locked.txt")
    assert outcome.status == "pass"
    assert "max_log_file = 8" in outcome.evidence


def test_max_log_file_unset_or_too_small(evaluate):
    text = recorded_text("log_audit/debian12_lab_locked.txt")
    unset = Raw(text.replace("\nmax_log_file = 8\n", "\n"))
    outcome = evaluate(CHECK, log_audit=unset)
    assert outcome.status == "fail"
    assert outcome.message == "auditd.conf space settings: max_log_file ="
    assert "max_log_file = (unset) (at least 8 MB required)" in outcome.evidence
    outcome = evaluate(
        CHECK, {"min_max_log_file": 32}, log_audit="log_audit/debian12_lab_locked.txt"
    )
    assert outcome.status == "fail"
    assert outcome.message == "auditd.conf space settings: max_log_file = 8"
