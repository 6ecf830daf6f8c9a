from auditor.facts.base import Raw

CHECK = "syslog_running"
RSYSLOG = "log_syslog/debian12_rsyslog.txt"


def test_rsyslogd_running(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, process_list="process_list/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.message == "syslog daemon running: rsyslogd"
    assert outcome.evidence == (
        "pid 31: /usr/sbin/rsyslogd -n -iNONE",
        "syslog daemons installed: rsyslogd",
    )


def test_no_syslog_daemon(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, process_list="process_list/debian12_lab_bare.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("no syslog daemon running (looked for rsyslogd")


def test_journald_counts_by_default_not_when_excluded(evaluate):
    outcome = evaluate(
        CHECK, log_syslog=RSYSLOG, process_list="process_list/debian12_journald_only.txt"
    )
    assert outcome.status == "pass"
    assert "systemd-journald" in outcome.message
    params = {"daemons": ["rsyslogd", "syslog-ng"]}
    outcome = evaluate(
        CHECK, params, log_syslog=RSYSLOG, process_list="process_list/debian12_journald_only.txt"
    )
    assert outcome.status == "fail"


def test_busybox_proc_listing(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, process_list="process_list/busybox_proc.txt")
    assert outcome.status == "pass"
    assert "syslogd" in outcome.message


def test_process_named_like_a_daemon_in_arguments_does_not_count(evaluate):
    raw = Raw("\036SEC comm\n  9 vim\n\036SEC args\n  9 root vim /etc/rsyslog.conf\n")
    assert evaluate(CHECK, log_syslog=RSYSLOG, process_list=raw).status == "fail"


def test_error_on_empty_process_list(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, process_list="process_list/empty.txt")
    assert outcome.status == "error"
    assert "no process list" in outcome.message


def test_two_syslog_daemons_side_by_side(evaluate):
    raw = Raw(
        "\036SEC comm\n 31 rsyslogd\n 40 syslog-ng\n 50 systemd-journal\n"
        "\036SEC args\n 31 root /usr/sbin/rsyslogd -n -iNONE\n"
        " 40 root /usr/sbin/syslog-ng -F\n 50 root /lib/systemd/systemd-journald\n"
    )
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, process_list=raw)
    assert outcome.status == "fail"
    assert outcome.message == (
        "several syslog daemons run side by side: rsyslogd, syslog-ng (one logging system expected)"
    )
    allowed = evaluate(CHECK, {"exclusive": []}, log_syslog=RSYSLOG, process_list=raw)
    assert allowed.status == "pass"


def test_journald_beside_rsyslog_is_one_logging_system(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, process_list="process_list/rhel9_systemd.txt")
    assert outcome.status == "pass", outcome.message


def test_nothing_installed_is_named(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/none.txt", process_list="process_list/debian12_lab_bare.txt"
    )
    assert outcome.status == "fail"
    assert outcome.evidence[-1] == "syslog daemons installed: none"
