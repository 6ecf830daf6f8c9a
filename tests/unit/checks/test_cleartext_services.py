from auditor.facts.base import FactError, Raw, Target

LAB_HOST = Target("lab5", "127.0.10.5")
PROFTPD = Raw(
    "\036SEC comm\n   44 proftpd\n\036SEC args\n   44 proftpd proftpd: (accepting connections)\n"
)


def test_passes_on_hardened_server(evaluate):
    outcome = evaluate(
        "cleartext_services",
        listening_sockets="listening_sockets/debian_hardened.txt",
        process_list="process_list/debian_server.txt",
    )
    assert outcome.status == "pass"


def test_telnet_through_inetd_names_port_address_and_process(evaluate):
    outcome = evaluate(
        "cleartext_services",
        target=LAB_HOST,
        listening_sockets="listening_sockets/debian_lab_mixed.txt",
        process_list="process_list/debian_server.txt",
    )
    assert outcome.status == "fail"
    assert "listening: tcp 127.0.10.5:23 (inetd)" in outcome.message
    assert "127.0.10.6:21" not in outcome.message  # another lab host's ftp server


def test_ftp_found_for_its_own_host(evaluate):
    outcome = evaluate(
        "cleartext_services",
        target=Target("lab6", "127.0.10.6"),
        listening_sockets="listening_sockets/debian_lab_mixed.txt",
        process_list="process_list/debian_server.txt",
    )
    assert outcome.status == "fail"
    assert "tcp 127.0.10.6:21 (vsftpd)" in outcome.message
    assert ":23" not in outcome.message


def test_rhel_xinetd_vsftpd_tftp(evaluate):
    outcome = evaluate(
        "cleartext_services",
        listening_sockets="listening_sockets/rhel9_server.txt",
        process_list="process_list/rhel9_server.txt",
    )
    assert outcome.status == "fail"
    for part in (
        "tcp *:23 (xinetd)",
        "tcp *:21 (vsftpd)",
        "udp 0.0.0.0:69 (in.tftpd)",
        "running: vsftpd (pid 1088, user root)",
        "running: in.tftpd (pid 2210",
    ):
        assert part in outcome.message


def test_process_on_other_port_is_found(evaluate):
    sockets = Raw(
        "root=yes\n\036SEC ss\n"
        'tcp LISTEN 0 32 0.0.0.0:2121 0.0.0.0:* users:(("proftpd",pid=44,fd=0))\n'
    )
    outcome = evaluate("cleartext_services", listening_sockets=sockets, process_list=PROFTPD)
    assert outcome.status == "fail"
    assert "tcp 0.0.0.0:2121 (proftpd)" in outcome.message


def test_syslog_udp_514_is_not_rsh(evaluate):
    sockets = Raw(
        "root=yes\n\036SEC ss\n"
        'udp UNCONN 0 0 0.0.0.0:514 0.0.0.0:* users:(("rsyslogd",pid=615,fd=5))\n'
    )
    outcome = evaluate(
        "cleartext_services",
        listening_sockets=sockets,
        process_list="process_list/debian_server.txt",
    )
    assert outcome.status == "pass"


def test_error_without_process_list(evaluate):
    outcome = evaluate(
        "cleartext_services",
        listening_sockets="listening_sockets/debian_hardened.txt",
        process_list=FactError("ps: command not found"),
    )
    assert outcome.status == "error"
