from auditor.facts.base import FactError

CHECK = "log_retention"
RSYSLOG = "log_syslog/debian12_rsyslog.txt"
VOLATILE = "log_journald/debian12_volatile_dropin.txt"


def run(evaluate, logrotate, syslog=RSYSLOG, journald=VOLATILE, params=None):
    return evaluate(
        CHECK, params, log_syslog=syslog, log_logrotate=logrotate, log_journald=journald
    )


def test_debian_default_four_weeks_fails(evaluate):
    outcome = run(evaluate, "log_logrotate/debian12_default.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("logs kept less than 3 months (90 days): /var/log/syslog")
    assert "/var/log/syslog, /var/log/auth.log, /var/log/cron.log" in outcome.evidence[0]
    assert any(line.endswith("rotate 4, weekly = 28 days") for line in outcome.evidence)


def test_thirteen_weeks_pass(evaluate):
    outcome = run(evaluate, "log_logrotate/debian12_13weeks.txt")
    assert outcome.status == "pass"
    assert any(line.endswith("= 91 days") for line in outcome.evidence)


def test_rotate_one_weekly_fails(evaluate):
    outcome = run(evaluate, "log_logrotate/debian12_rotate1.txt")
    assert outcome.status == "fail"
    assert any(line.endswith("rotate 1, weekly = 7 days") for line in outcome.evidence)


def test_maxage_caps_retention(evaluate):
    outcome = run(evaluate, "log_logrotate/debian12_maxage.txt")
    assert outcome.status == "fail"
    assert any("maxage 30 = 30 days" in line for line in outcome.evidence)


def test_months_parameter(evaluate):
    outcome = run(evaluate, "log_logrotate/debian12_default.txt", params={"months": 0.9})
    assert outcome.status == "pass"


def test_rhel_inherits_global_defaults_and_skips_rpmsave(evaluate):
    outcome = run(
        evaluate, "log_logrotate/rhel9_default.txt", syslog="log_syslog/rhel9_rsyslog.txt"
    )
    assert outcome.status == "fail"
    assert "/var/log/secure" in outcome.evidence[0]
    assert outcome.evidence[0].endswith("/etc/logrotate.d/rsyslog: rotate 4, weekly = 28 days")
    outcome = run(
        evaluate, "log_logrotate/rhel9_6months.txt", syslog="log_syslog/rhel9_rsyslog.txt"
    )
    assert outcome.status == "pass"


def test_unrotated_file_is_noted(evaluate):
    outcome = run(evaluate, "log_logrotate/none.txt")
    assert outcome.status == "pass"
    assert (
        "/var/log/syslog: no logrotate rule (never rotated; kept until removed)" in outcome.evidence
    )


def test_journald_retention_too_short(evaluate):
    outcome = run(
        evaluate,
        "log_logrotate/debian12_13weeks.txt",
        journald="log_journald/persistent_short.txt",
    )
    assert outcome.status == "fail"
    assert any("MaxRetentionSec=2week" in line for line in outcome.evidence)


def test_journal_only_host(evaluate):
    outcome = run(
        evaluate,
        "log_logrotate/none.txt",
        syslog="log_syslog/none.txt",
        journald="log_journald/persistent_long.txt",
    )
    assert outcome.status == "pass"


def test_nothing_kept(evaluate):
    outcome = run(evaluate, "log_logrotate/none.txt", syslog="log_syslog/none.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("no log is kept on disk")


def test_error_when_logrotate_fact_missing(evaluate):
    outcome = run(evaluate, FactError("collector timed out on the host"))
    assert outcome.status == "error"
    assert outcome.message == "fact not available: log_logrotate: collector timed out on the host"
