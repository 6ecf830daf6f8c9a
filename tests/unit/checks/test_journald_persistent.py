from auditor.facts.base import FactError

CHECK = "journald_persistent"
LAB = {
    "process_list": "process_list/debian12_lab.txt",
    "log_syslog": "log_syslog/debian12_rsyslog.txt",
}
ALONE = {
    "process_list": "process_list/debian12_journald_only.txt",
    "log_syslog": "log_syslog/none.txt",
}
STORAGE = {"compress": False, "forward_to_syslog": False}


def test_auto_with_directory(evaluate):
    outcome = evaluate(CHECK, STORAGE, log_journald="log_journald/debian12_default.txt", **LAB)
    assert outcome.status == "pass"
    assert outcome.evidence == ("Storage=auto (default)", "/var/log/journal exists")


def test_later_dropin_wins(evaluate):
    outcome = evaluate(
        CHECK, STORAGE, log_journald="log_journald/debian12_volatile_dropin.txt", **LAB
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "journald settings fall short: journal kept in memory only: Storage=volatile"
    )
    assert "Storage=volatile (/etc/systemd/journald.conf.d/90-volatile.conf)" in outcome.evidence


def test_auto_without_directory(evaluate):
    outcome = evaluate(CHECK, STORAGE, log_journald="log_journald/rhel9_auto_no_dir.txt", **LAB)
    assert outcome.status == "fail"
    assert outcome.message.endswith("and /var/log/journal does not exist")


def test_explicit_persistent(evaluate):
    assert (
        evaluate(CHECK, STORAGE, log_journald="log_journald/persistent_long.txt", **LAB).status
        == "pass"
    )


def test_lab_baseline_compresses_and_forwards_to_rsyslog(evaluate):
    outcome = evaluate(CHECK, log_journald="log_journald/debian12_lab.txt", **LAB)
    assert outcome.status == "pass", outcome.message
    conf = "/etc/systemd/journald.conf.d/60-persistent.conf"
    assert f"Compress=yes ({conf})" in outcome.evidence
    assert f"ForwardToSyslog=yes ({conf})" in outcome.evidence
    assert "logging system: rsyslogd (rsyslogd is running)" in outcome.evidence


def test_unset_values_take_the_compiled_in_defaults(evaluate):
    # Debian's journald.conf shows #Compress=yes and #ForwardToSyslog=yes
    outcome = evaluate(CHECK, log_journald="log_journald/debian12_default.txt", **LAB)
    assert outcome.status == "pass"
    assert "ForwardToSyslog=yes (compiled-in default)" in outcome.evidence


def test_no_compression_and_no_forwarding_to_rsyslog(evaluate):
    outcome = evaluate(CHECK, log_journald="log_journald/debian12_no_forward.txt", **LAB)
    assert outcome.status == "fail"
    assert outcome.message == (
        "journald settings fall short: large journal entries are not compressed: Compress=no; "
        "rsyslogd is the logging system but journald does not forward to it: ForwardToSyslog=no"
    )


def test_journald_alone_must_not_forward(evaluate):
    outcome = evaluate(CHECK, log_journald="log_journald/debian12_lab.txt", **ALONE)
    assert outcome.status == "fail"
    assert outcome.message == (
        "journald settings fall short: journald is the only logging system yet forwards to "
        "syslog: ForwardToSyslog=yes"
    )
    quiet = evaluate(CHECK, log_journald="log_journald/debian12_no_forward.txt", **ALONE)
    assert quiet.status == "fail"
    assert "forward" not in quiet.message
    assert "Compress=no" in quiet.message


def test_rhel_default_forwarding_is_off(evaluate):
    # no commented default in this file: upstream systemd's default (no) applies
    outcome = evaluate(
        CHECK, {"compress": False}, log_journald="log_journald/persistent_long.txt", **ALONE
    )
    assert outcome.status == "pass", outcome.message


def test_skip_without_journald(evaluate):
    outcome = evaluate(CHECK, log_journald="log_journald/not_installed.txt", **LAB)
    assert outcome.status == "skip"


def test_error_when_fact_missing(evaluate):
    reason = "no output: the script stopped before this collector ran"
    outcome = evaluate(CHECK, log_journald=FactError(reason), **LAB)
    assert outcome.status == "error"
    assert outcome.message == f"fact not available: log_journald: {reason}"
