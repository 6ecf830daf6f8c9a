from auditor.facts.base import FactError

CHECK = "auth_logging"
JOURNAL = "log_journald/debian12_default.txt"
VOLATILE = "log_journald/debian12_volatile_dropin.txt"


def test_debian_auth_log_rule(evaluate):
    outcome = evaluate(CHECK, log_syslog="log_syslog/debian12_rsyslog.txt", log_journald=VOLATILE)
    assert outcome.status == "pass"
    assert outcome.message == "auth and authpriv messages are written to /var/log/auth.log"
    assert outcome.evidence == ("/etc/rsyslog.conf: auth,authpriv.*\t\t\t/var/log/auth.log",)


def test_rhel_auth_via_messages_and_authpriv_via_secure(evaluate):
    outcome = evaluate(CHECK, log_syslog="log_syslog/rhel9_rsyslog.txt", log_journald=VOLATILE)
    assert outcome.status == "pass"
    assert "/var/log/messages, /var/log/secure" in outcome.message


def test_syslog_ng_filters(evaluate):
    outcome = evaluate(CHECK, log_syslog="log_syslog/debian12_syslog_ng.txt", log_journald=VOLATILE)
    assert outcome.status == "pass"
    assert outcome.message.endswith("/var/log/auth.log")


def test_prifilt_condition_counts(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/rsyslog_conditional.txt", log_journald=VOLATILE
    )
    assert outcome.status == "pass"
    assert outcome.message.endswith("/var/log/auth.log")


def test_no_rule_but_persistent_journal(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_no_auth_rule.txt", log_journald=JOURNAL
    )
    assert outcome.status == "pass"
    assert "persistent journal" in outcome.message


def test_no_rule_and_volatile_journal(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_no_auth_rule.txt", log_journald=VOLATILE
    )
    assert outcome.status == "fail"
    assert outcome.message.startswith("auth and authpriv messages are not written")
    assert "journald Storage=volatile, /var/log/journal present" in outcome.evidence


def test_nothing_installed(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/none.txt", log_journald="log_journald/not_installed.txt"
    )
    assert outcome.status == "fail"
    assert "systemd-journald not installed" in outcome.evidence


def test_error_when_journald_fact_missing(evaluate):
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/debian12_no_auth_rule.txt",
        log_journald=FactError("collector timed out on the host"),
    )
    assert outcome.status == "error"
    assert outcome.message == "fact not available: log_journald: collector timed out on the host"
