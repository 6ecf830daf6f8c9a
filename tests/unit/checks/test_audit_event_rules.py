from auditor.facts.base import FactError

CHECK = "audit_event_rules"
LAB = "process_list/debian12_lab.txt"
RUNNING = "process_list/rhel9_systemd.txt"


def test_the_lab_baseline_rule_files_record_every_event(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_lab_locked.txt", process_list=LAB)
    assert outcome.status == "pass", outcome.message
    assert outcome.message == "audit rules record all 15 events"
    assert "auditd not running" in outcome.evidence[0]


def test_no_rule_for_commands_run_as_another_user(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_lab_events.txt", process_list=LAB)
    assert outcome.status == "fail"
    assert outcome.message == (
        "1 of 15 audited events have no rule: commands as another user (syscall:execve)"
    )


def test_loaded_user_emulation_rule_counts(evaluate):
    params = {"events": {"commands as another user": ["syscall:execve"]}}
    outcome = evaluate(CHECK, params, log_audit="log_audit/rhel9_loaded.txt", process_list=RUNNING)
    assert outcome.status == "pass"


def test_identity_rules_alone_miss_the_other_events(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_lab_files.txt", process_list=LAB)
    assert outcome.status == "fail"
    assert outcome.message.startswith("15 of 15 audited events have no rule")
    assert "kernel modules (syscall:init_module" in outcome.message


def test_only_the_missing_items_of_an_event_are_named(evaluate):
    params = {"events": {"clock": ["syscall:adjtimex", "watch:/etc/nowhere"]}}
    outcome = evaluate(CHECK, params, log_audit="log_audit/debian12_lab_events.txt",
                       process_list=LAB)  # fmt: skip
    assert outcome.status == "fail"
    assert "clock (watch:/etc/nowhere)" in outcome.message
    assert "adjtimex" not in outcome.message.split(":", 1)[1]


def test_loaded_rules_are_judged_when_auditd_runs(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/rhel9_loaded.txt", process_list=RUNNING)
    assert outcome.evidence[0] == "source: loaded rules (auditctl -l)"


def test_errors(evaluate):
    params = {"events": {"x": ["file:/etc/x"]}}
    bad = evaluate(CHECK, params, log_audit="log_audit/debian12_lab_events.txt", process_list=LAB)
    assert bad.status == "error"
    assert evaluate(CHECK, log_audit=FactError("needs root"), process_list=LAB).status == "error"
