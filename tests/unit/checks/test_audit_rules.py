from auditor.facts.base import FactError

CHECK = "audit_rules"
LAB = "process_list/debian12_lab.txt"
RUNNING = "process_list/rhel9_systemd.txt"
SUDO = "sudoers/debian12_hardened.txt"  # Defaults logfile="/var/log/sudo.log"
OLD = {"watch_sudo_logfile": False, "immutable": False}  # the rules without sudo's log and -e 2


def test_rule_files_used_when_auditd_not_running(evaluate):
    outcome = evaluate(
        CHECK, OLD, sudoers=SUDO, log_audit="log_audit/debian12_lab_files.txt", process_list=LAB
    )
    assert outcome.status == "pass"
    assert outcome.evidence[0].startswith("source: rule files /etc/audit/rules.d/50-identity.rules")
    assert "auditd not running" in outcome.evidence[0]
    assert (
        "-a always,exit -F path=/bin/su -F perm=x -F auid>=1000 -F auid!=unset -k privileged"
        in (outcome.evidence)
    )


def test_loaded_rules_with_directory_watch_and_execve(evaluate):
    outcome = evaluate(
        CHECK, OLD, sudoers=SUDO, log_audit="log_audit/rhel9_loaded.txt", process_list=RUNNING
    )
    assert outcome.status == "pass"
    assert outcome.evidence[0] == "source: loaded rules (auditctl -l)"
    assert "-w /etc/ssh/ -p wa -k sshd" in outcome.evidence


def test_loaded_rules_ignored_when_daemon_down(evaluate):
    outcome = evaluate(
        CHECK, OLD, sudoers=SUDO, log_audit="log_audit/rhel9_loaded.txt", process_list=LAB
    )
    assert outcome.status == "fail"
    assert "rule files /etc/audit/rules.d/audit.rules" in outcome.evidence[0]


def test_missing_rules_listed(evaluate):
    outcome = evaluate(
        CHECK, OLD, sudoers=SUDO, log_audit="log_audit/debian12_partial.txt", process_list=LAB
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "no audit rule for: /etc/shadow, /etc/gshadow, /etc/sudoers, /etc/sudoers.d, "
        "/etc/ssh/sshd_config, execution of /usr/bin/sudo, execution of /usr/bin/su"
    )


def test_default_rules_and_live_empty_kernel(evaluate):
    outcome = evaluate(
        CHECK, OLD, sudoers=SUDO, log_audit="log_audit/debian12_no_rules.txt", process_list=RUNNING
    )
    assert outcome.status == "fail"
    assert outcome.evidence == ("source: loaded rules (auditctl -l)",)


def test_parameters(evaluate):
    params = {**OLD, "watched": ["/etc/passwd", "/etc/group"], "commands": []}
    outcome = evaluate(
        CHECK, params, sudoers=SUDO, log_audit="log_audit/debian12_partial.txt", process_list=LAB
    )
    assert outcome.status == "pass"


def test_not_installed(evaluate):
    outcome = evaluate(
        CHECK, OLD, sudoers=SUDO, log_audit="log_audit/not_installed.txt", process_list=LAB
    )
    assert outcome.status == "fail"


def test_error_without_root(evaluate):
    outcome = evaluate(
        CHECK, OLD, sudoers=SUDO, log_audit=FactError("needs root privileges"), process_list=LAB
    )
    assert outcome.status == "error"


def test_lab_baseline_watches_sudo_log_and_locks_the_rules(evaluate):
    outcome = evaluate(
        CHECK, sudoers=SUDO, log_audit="log_audit/debian12_lab_locked.txt", process_list=LAB
    )
    assert outcome.status == "pass", outcome.message
    assert "-w /var/log/sudo.log -p wa -k sudo_log_file" in outcome.evidence
    assert outcome.evidence[-1] == "enabled 2: /etc/audit/rules.d/99-finalize.rules: -e 2"


def test_sudo_log_and_lock_missing(evaluate):
    outcome = evaluate(
        CHECK, sudoers=SUDO, log_audit="log_audit/debian12_lab_files.txt", process_list=LAB
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "no audit rule for: /var/log/sudo.log, locking the rules until reboot (-e 2)"
    )
    assert outcome.evidence[-1].startswith("enabled (not set): rule files ")


def test_no_sudo_logfile_in_sudoers(evaluate):
    params = {"immutable": False}
    outcome = evaluate(
        CHECK,
        params,
        sudoers="sudoers/debian12_default.txt",
        log_audit="log_audit/debian12_lab_locked.txt",
        process_list=LAB,
    )
    assert outcome.status == "fail"
    assert outcome.message == "no audit rule for: sudo's log file (sudoers sets no logfile)"


def test_kernel_lock_flag_read_when_auditd_runs(evaluate):
    locked = evaluate(
        CHECK, sudoers=SUDO, log_audit="log_audit/rhel9_loaded_locked.txt", process_list=RUNNING
    )
    assert locked.status == "pass", locked.message
    assert locked.evidence[-1] == "enabled 2: kernel status (auditctl -s)"
    # the lab's recording: auditctl -s says enabled 0, the files say -e 2; auditd runs
    live = evaluate(
        CHECK, sudoers=SUDO, log_audit="log_audit/debian12_lab_locked.txt", process_list=RUNNING
    )
    assert live.status == "fail"
    assert "locking the rules until reboot (-e 2)" in live.message
    assert "enabled 0: kernel status (auditctl -s)" in live.evidence


def test_sudo_logfile_read_from_defaults():
    from auditor.facts.sudoers import SudoDefault, Sudoers
    from checks.logging.audit_rules import sudo_logfile

    def sudoers(*defaults: SudoDefault) -> Sudoers:
        return Sudoers((), defaults, ())

    assert sudo_logfile(None) == ""
    assert (
        sudo_logfile(sudoers(SudoDefault("", (), ('logfile="/var/log/s.log"',))))
        == "/var/log/s.log"
    )
    scoped = SudoDefault(":", ("alice",), ("logfile=/tmp/a",))
    assert sudo_logfile(sudoers(scoped)) == ""
    negated = SudoDefault("", (), ("!logfile",))
    assert sudo_logfile(sudoers(SudoDefault("", (), ("logfile=/x",)), negated)) == ""
