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
