from auditor.facts.base import FactError, Raw, Target

LAB_HOST = Target("lab5", "127.0.10.5")
LAB_SSHD = Raw("port 2222\nlistenaddress 127.0.10.5:2222\n")


def test_passes_with_ssh_only(evaluate):
    outcome = evaluate(
        "listening_services",
        listening_sockets="listening_sockets/debian_hardened.txt",
        sshd="sshd/hardened.txt",
    )
    assert outcome.status == "pass"
    assert "tcp 0.0.0.0:22 (sshd)" in outcome.evidence
    assert any("loopback only: 2" in e for e in outcome.evidence)


def test_fails_naming_each_unexpected_socket(evaluate):
    outcome = evaluate(
        "listening_services",
        target=LAB_HOST,
        listening_sockets="listening_sockets/debian_lab_mixed.txt",
        sshd=LAB_SSHD,
    )
    assert outcome.status == "fail"
    assert "tcp 127.0.10.5:23 (inetd)" in outcome.message
    assert "tcp 0.0.0.0:631 (cupsd)" in outcome.message
    assert "udp [::]:111 (rpcbind)" in outcome.message
    # the lab host's own sshd on 2222 is allowed; another host's sockets are not judged
    assert "2222" not in outcome.message.split("allowed:")[1].split(")")[1]
    assert "127.0.10.6" not in outcome.message
    assert "0.0.0.0%lo:68" not in outcome.message
    # the listener on 2024 has no visible owner while root: another namespace, said so
    assert "2024" not in outcome.message
    assert any("another PID namespace" in e and ":2024" in e for e in outcome.evidence)


def test_allow_list_per_role(evaluate):
    sockets = Raw(
        "root=yes\n\036SEC ss\n"
        'tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=7,fd=3))\n'
        'tcp LISTEN 0 128 0.0.0.0:443 0.0.0.0:* users:(("nginx",pid=9,fd=6))\n'
        'udp UNCONN 0 0 0.0.0.0%eth0:68 0.0.0.0:* users:(("dhclient",pid=5,fd=7))\n'
    )
    terminal = Target("pc1", "10.1.2.3", role="terminal")
    params = {"allowed_ports_server": ["tcp/22", "tcp/443", "udp/68"]}
    assert (
        evaluate("listening_services", params, listening_sockets=sockets, sshd=None).status
        == "pass"
    )
    outcome = evaluate("listening_services", target=terminal, listening_sockets=sockets, sshd=None)
    assert outcome.status == "fail"
    assert "tcp 0.0.0.0:443 (nginx)" in outcome.message
    assert "dhclient" not in outcome.message  # udp/68 is allowed on terminals by default
    assert "sshd" not in outcome.message.split(":", 1)[1].split("(allowed")[0]


def test_ssh_can_be_disallowed(evaluate):
    outcome = evaluate(
        "listening_services",
        {"allow_ssh": False, "allowed_ports_terminal": []},
        target=Target("pc1", "10.1.2.3", role="terminal"),
        listening_sockets="listening_sockets/debian_hardened.txt",
        sshd="sshd/hardened.txt",
    )
    assert outcome.status == "fail"
    assert "tcp 0.0.0.0:22 (sshd)" in outcome.message


def test_rhel_wildcard_star_addresses(evaluate):
    outcome = evaluate(
        "listening_services",
        listening_sockets="listening_sockets/rhel9_server.txt",
        sshd="sshd/hardened.txt",
    )
    assert outcome.status == "fail"
    assert "tcp *:9090 (systemd)" in outcome.message
    assert "tcp *:21 (vsftpd)" in outcome.message
    assert "udp 0.0.0.0:69 (in.tftpd)" in outcome.message


def test_not_root_judges_ownerless_sockets(evaluate):
    outcome = evaluate(
        "listening_services",
        target=LAB_HOST,
        listening_sockets="listening_sockets/debian_not_root.txt",
        sshd=LAB_SSHD,
    )
    assert outcome.status == "fail"
    assert "tcp 0.0.0.0:2024 (no visible process)" in outcome.message
    assert any("not run as root" in e for e in outcome.evidence)


def test_error_when_sockets_unreadable(evaluate):
    outcome = evaluate(
        "listening_services",
        listening_sockets=Raw(
            "root=yes\n\036SEC ss\nCannot open netlink socket: Permission denied\n"
        ),
        sshd="sshd/hardened.txt",
    )
    assert outcome.status == "error"
    assert "Cannot open netlink socket" in outcome.message


def test_error_when_sshd_needs_root(evaluate):
    outcome = evaluate(
        "listening_services",
        listening_sockets="listening_sockets/debian_hardened.txt",
        sshd=FactError("needs root privileges"),
    )
    assert outcome.status == "error"
