from auditor.facts.base import FactError, Raw

CHECK = "log_remote_input"
LAB = "process_list/debian12_lab.txt"
JOURNAL = "log_journald/debian12_lab.txt"


def test_lab_baseline_receives_nothing(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_rsyslog.txt", log_journald=JOURNAL, process_list=LAB
    )
    assert outcome.status == "pass"
    assert outcome.evidence == ("logging system: rsyslogd (rsyslogd is running)",)


def test_rsyslog_network_inputs(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_inputs.txt", log_journald=JOURNAL, process_list=LAB
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "the host accepts log messages from the network: "
        "rsyslog input in /etc/rsyslog.d/50-receive.conf"
    )
    conf = "/etc/rsyslog.d/50-receive.conf"
    assert f'{conf}: input(type="imtcp" port="10515" address="127.0.10.9")' in outcome.evidence
    assert f"{conf}: $UDPServerRun 514" in outcome.evidence
    # a module load alone does not listen
    assert not any("$ModLoad" in line for line in outcome.evidence)


def test_the_collector_may_receive(evaluate):
    outcome = evaluate(
        CHECK,
        {"receiving_allowed": True},
        log_syslog="log_syslog/debian12_inputs.txt",
        log_journald=JOURNAL,
        process_list=LAB,
    )
    assert outcome.status == "pass"
    assert outcome.message.startswith("the host receives remote logs as the log collector")


def test_inputs_of_a_syslog_daemon_not_in_use_do_not_count(evaluate):
    # rsyslog installed but stopped, journald the logging system
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/debian12_inputs.txt",
        log_journald=JOURNAL,
        process_list="process_list/debian12_journald_only.txt",
    )
    assert outcome.status == "pass"
    assert any(line.endswith("(rsyslog not in use)") for line in outcome.evidence)


def test_journal_remote_socket_enabled(evaluate):
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/none.txt",
        log_journald="log_journald/journal_remote_listening.txt",
        process_list="process_list/debian12_journald_upload.txt",
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "the host accepts log messages from the network: systemd-journal-remote"
    )
    assert "systemd-journal-remote.socket enabled" in outcome.evidence


def test_journal_remote_installed_but_off(evaluate):
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/none.txt",
        log_journald="log_journald/journal_upload.txt",
        process_list="process_list/debian12_journald_upload.txt",
    )
    assert outcome.status == "pass"
    assert "systemd-journal-remote installed, not enabled and not running" in outcome.evidence


def test_journal_remote_running(evaluate):
    raw = Raw(
        "\036SEC comm\n 233 systemd-journal\n 240 systemd-journal\n"
        "\036SEC args\n 233 root /lib/systemd/systemd-journald\n"
        " 240 systemd-journal-remote /lib/systemd/systemd-journal-remote --listen-https=-3\n"
    )
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/none.txt", log_journald=JOURNAL, process_list=raw
    )
    assert outcome.status == "fail"
    assert "pid 240: /lib/systemd/systemd-journal-remote --listen-https=-3" in outcome.evidence


def test_syslog_ng_network_source(evaluate):
    raw = Raw("\036SEC comm\n 40 syslog-ng\n\036SEC args\n 40 root /usr/sbin/syslog-ng -F\n")
    syslog = Raw(
        "\036SEC installed\n/usr/sbin/syslog-ng\n\036SEC files\n"
        "\036FILE 644 root root 200 /etc/syslog-ng/syslog-ng.conf\n"
        "source s_src { system(); internal(); };\n"
        'source s_net { network(ip("0.0.0.0") port(514) transport("udp")); };\n'
        "source s_unused { tcp(port(601)); };\n"
        'destination d_auth { file("/var/log/auth.log"); };\n'
        "log { source(s_src); source(s_net); destination(d_auth); };\n\n"
    )
    outcome = evaluate(CHECK, log_syslog=syslog, log_journald=JOURNAL, process_list=raw)
    assert outcome.status == "fail"
    assert outcome.message.endswith("syslog-ng input in /etc/syslog-ng/syslog-ng.conf")
    assert not any("s_unused" in line for line in outcome.evidence)


def test_error_without_process_list(evaluate):
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/debian12_rsyslog.txt",
        log_journald=JOURNAL,
        process_list=FactError("no process list"),
    )
    assert outcome.status == "error"
