from auditor.facts.base import Raw

CHECK = "log_remote_forwarding"
LAB = "process_list/debian12_lab.txt"
JOURNAL = "log_journald/debian12_lab.txt"
ALONE = "process_list/debian12_journald_only.txt"
UPLOADING = "process_list/debian12_journald_upload.txt"


def run(evaluate, syslog, daemons=LAB, journald=JOURNAL):
    return evaluate(CHECK, log_journald=journald, log_syslog=syslog, process_list=daemons)


def test_omfwd_action(evaluate):
    outcome = run(evaluate, "log_syslog/debian12_forward_omfwd.txt")
    assert outcome.status == "pass"
    assert outcome.message == "logs are forwarded to 10.10.1.20:514 (tcp)"


def test_legacy_loopback_relay_noted(evaluate):
    outcome = run(evaluate, "log_syslog/debian12_forward_legacy_loopback.txt")
    assert outcome.status == "pass"
    assert outcome.message == "logs are forwarded to 127.0.0.1:10514 (tcp)"
    assert all("loopback" in line for line in outcome.evidence)


def test_forwarding_without_auth_fails(evaluate):
    outcome = run(evaluate, "log_syslog/debian12_forward_mail_only.txt")
    assert outcome.status == "fail"
    assert "none carries auth" in outcome.message
    assert outcome.evidence == (
        "/etc/rsyslog.d/60-remote.conf: mail.* @10.10.1.20 -> 10.10.1.20 (udp)",
    )


def test_conditional_forwarding_counts(evaluate):
    outcome = run(evaluate, "log_syslog/rsyslog_conditional.txt")
    assert outcome.status == "pass"
    assert "siem.noibo.local:6514 (tcp)" in outcome.message


def test_syslog_ng_network_destination_in_a_log_path(evaluate):
    outcome = run(evaluate, "log_syslog/debian12_syslog_ng_remote.txt")
    assert outcome.status == "pass"
    assert outcome.message == "logs are forwarded to 10.10.1.20:6514 (tls)"


def test_agent_running(evaluate):
    outcome = run(evaluate, "log_syslog/rhel9_rsyslog.txt", "process_list/rhel9_systemd.txt")
    assert outcome.status == "pass"
    assert "wazuh-agentd" in outcome.message


def test_no_forwarding(evaluate):
    outcome = run(evaluate, "log_syslog/debian12_rsyslog.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("no remote log forwarding configured")
    assert "/etc/rsyslog.conf" in outcome.evidence[0]


def test_error_when_no_process_can_be_listed(evaluate):
    # no usable ps and /proc hidden (hidepid): the fallback section stays empty
    outcome = run(evaluate, "log_syslog/debian12_rsyslog.txt", Raw("\036SEC proc\n"))
    assert outcome.status == "error"
    assert outcome.message == (
        "fact not available: process_list: no process list: neither ps nor /proc could be read"
    )


def test_journald_alone_uploading(evaluate):
    outcome = run(
        evaluate, "log_syslog/none.txt", UPLOADING, journald="log_journald/journal_upload.txt"
    )
    assert outcome.status == "pass", outcome.message
    assert outcome.message == "the journal is uploaded to https://logs.so-tttt.gov.vn:19532"
    assert "systemd-journal-upload.service: enabled" in outcome.evidence


def test_journald_alone_without_journal_remote(evaluate):
    # journald's comm "systemd-journal" is not taken for systemd-journal-upload
    outcome = run(evaluate, "log_syslog/none.txt", ALONE)
    assert outcome.status == "fail"
    assert outcome.message == (
        "journald is the only logging system and does not upload the journal: "
        "systemd-journal-remote is not installed"
    )
    assert outcome.evidence[0] == (
        "logging system: journald (systemd-journald runs without a syslog daemon)"
    )


def test_journald_alone_upload_installed_but_idle(evaluate):
    outcome = run(
        evaluate, "log_syslog/none.txt", ALONE, journald="log_journald/journal_upload.txt"
    )
    assert outcome.status == "fail"
    assert outcome.message.endswith(": systemd-journal-upload is not running")


def test_journald_alone_with_another_agent(evaluate):
    raw = Raw(
        "\036SEC comm\n 233 systemd-journal\n 300 filebeat\n"
        "\036SEC args\n 233 root /lib/systemd/systemd-journald\n"
        " 300 root /usr/share/filebeat/bin/filebeat -c /etc/filebeat/filebeat.yml\n"
    )
    outcome = run(evaluate, "log_syslog/none.txt", raw)
    assert outcome.status == "pass"
    assert "filebeat" in outcome.message


def test_rsyslog_rules_are_not_judged_on_a_journald_host(evaluate):
    # rsyslog installed but stopped, journald running: the forwarding rule is not in use
    outcome = run(evaluate, "log_syslog/debian12_forward_omfwd.txt", ALONE)
    assert outcome.status == "fail"
    assert outcome.message.startswith("journald is the only logging system")
