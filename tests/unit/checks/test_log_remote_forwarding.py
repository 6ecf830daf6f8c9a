from auditor.facts.base import Raw

CHECK = "log_remote_forwarding"
LAB = "log_daemons/debian12_lab.txt"


def test_omfwd_action(evaluate):
    outcome = evaluate(CHECK, log_syslog="log_syslog/debian12_forward_omfwd.txt", log_daemons=LAB)
    assert outcome.status == "pass"
    assert outcome.message == "logs are forwarded to 10.10.1.20:514 (tcp)"


def test_legacy_loopback_relay_noted(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_forward_legacy_loopback.txt", log_daemons=LAB
    )
    assert outcome.status == "pass"
    assert outcome.message == "logs are forwarded to 127.0.0.1:10514 (tcp)"
    assert all("loopback" in line for line in outcome.evidence)


def test_forwarding_without_auth_fails(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_forward_mail_only.txt", log_daemons=LAB
    )
    assert outcome.status == "fail"
    assert "none carries auth" in outcome.message
    assert outcome.evidence == (
        "/etc/rsyslog.d/60-remote.conf: mail.* @10.10.1.20 -> 10.10.1.20 (udp)",
    )


def test_conditional_forwarding_counts(evaluate):
    outcome = evaluate(CHECK, log_syslog="log_syslog/rsyslog_conditional.txt", log_daemons=LAB)
    assert outcome.status == "pass"
    assert "siem.noibo.local:6514 (tcp)" in outcome.message


def test_syslog_ng_network_destination_in_a_log_path(evaluate):
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_syslog_ng_remote.txt", log_daemons=LAB
    )
    assert outcome.status == "pass"
    assert outcome.message == "logs are forwarded to 10.10.1.20:6514 (tls)"


def test_agent_running(evaluate):
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/rhel9_rsyslog.txt",
        log_daemons="log_daemons/rhel9_systemd.txt",
    )
    assert outcome.status == "pass"
    assert "wazuh-agentd" in outcome.message


def test_no_forwarding(evaluate):
    outcome = evaluate(CHECK, log_syslog="log_syslog/debian12_rsyslog.txt", log_daemons=LAB)
    assert outcome.status == "fail"
    assert outcome.message.startswith("no remote log forwarding configured")
    assert "/etc/rsyslog.conf" in outcome.evidence[0]


def test_error_when_no_process_can_be_listed(evaluate):
    # no usable ps and /proc hidden (hidepid): the fallback section stays empty
    outcome = evaluate(
        CHECK, log_syslog="log_syslog/debian12_rsyslog.txt", log_daemons=Raw("\036SEC proc\n")
    )
    assert outcome.status == "error"
    assert outcome.message == (
        "fact not available: log_daemons: no process list: neither ps nor /proc could be read"
    )
