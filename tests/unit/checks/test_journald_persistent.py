from auditor.facts.base import FactError

CHECK = "journald_persistent"


def test_auto_with_directory(evaluate):
    outcome = evaluate(CHECK, log_journald="log_journald/debian12_default.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("Storage=auto (default)", "/var/log/journal exists")


def test_later_dropin_wins(evaluate):
    outcome = evaluate(CHECK, log_journald="log_journald/debian12_volatile_dropin.txt")
    assert outcome.status == "fail"
    assert outcome.message == "journal kept in memory only: Storage=volatile"
    assert "Storage=volatile (/etc/systemd/journald.conf.d/90-volatile.conf)" in outcome.evidence


def test_auto_without_directory(evaluate):
    outcome = evaluate(CHECK, log_journald="log_journald/rhel9_auto_no_dir.txt")
    assert outcome.status == "fail"
    assert outcome.message.endswith("and /var/log/journal does not exist")


def test_explicit_persistent(evaluate):
    assert evaluate(CHECK, log_journald="log_journald/persistent_long.txt").status == "pass"


def test_skip_without_journald(evaluate):
    assert evaluate(CHECK, log_journald="log_journald/not_installed.txt").status == "skip"


def test_error_when_fact_missing(evaluate):
    reason = "no output: the script stopped before this collector ran"
    outcome = evaluate(CHECK, log_journald=FactError(reason))
    assert outcome.status == "error"
    assert outcome.message == f"fact not available: log_journald: {reason}"
