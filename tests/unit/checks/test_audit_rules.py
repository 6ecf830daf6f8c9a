from auditor.facts.base import FactError

CHECK = "audit_rules"
LAB = "log_daemons/debian12_lab.txt"
RUNNING = "log_daemons/rhel9_systemd.txt"


def test_rule_files_used_when_auditd_not_running(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_lab_files.txt", log_daemons=LAB)
    assert outcome.status == "pass"
    assert outcome.evidence[0].startswith("source: rule files /etc/audit/rules.d/50-identity.rules")
    assert "auditd not running" in outcome.evidence[0]
    assert (
        "-a always,exit -F path=/bin/su -F perm=x -F auid>=1000 -F auid!=unset -k privileged"
        in (outcome.evidence)
    )


def test_loaded_rules_with_directory_watch_and_execve(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/rhel9_loaded.txt", log_daemons=RUNNING)
    assert outcome.status == "pass"
    assert outcome.evidence[0] == "source: loaded rules (auditctl -l)"
    assert "-w /etc/ssh/ -p wa -k sshd" in outcome.evidence


def test_loaded_rules_ignored_when_daemon_down(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/rhel9_loaded.txt", log_daemons=LAB)
    assert outcome.status == "fail"
    assert "rule files /etc/audit/rules.d/audit.rules" in outcome.evidence[0]


def test_missing_rules_listed(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_partial.txt", log_daemons=LAB)
    assert outcome.status == "fail"
    assert outcome.message == (
        "no audit rule for: /etc/shadow, /etc/gshadow, /etc/sudoers, /etc/sudoers.d, "
        "/etc/ssh/sshd_config, execution of /usr/bin/sudo, execution of /usr/bin/su"
    )


def test_default_rules_and_live_empty_kernel(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/debian12_no_rules.txt", log_daemons=RUNNING)
    assert outcome.status == "fail"
    assert outcome.evidence == ("source: loaded rules (auditctl -l)",)


def test_parameters(evaluate):
    params = {"watched": ["/etc/passwd", "/etc/group"], "commands": []}
    outcome = evaluate(CHECK, params, log_audit="log_audit/debian12_partial.txt", log_daemons=LAB)
    assert outcome.status == "pass"


def test_not_installed(evaluate):
    outcome = evaluate(CHECK, log_audit="log_audit/not_installed.txt", log_daemons=LAB)
    assert outcome.status == "fail"


def test_error_without_root(evaluate):
    outcome = evaluate(CHECK, log_audit=FactError("needs root privileges"), log_daemons=LAB)
    assert outcome.status == "error"
