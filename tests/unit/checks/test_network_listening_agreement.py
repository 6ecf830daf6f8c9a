"""network_listening_agreement on one real nmap run against 127.0.11.9 (stand-in listeners, a
net-snmp agent whose SMUX port 199 listens on 0.0.0.0, port 2121 dropped by an nftables rule)
and the host's ``ss -tulpn`` recorded twice: before the listener on 2323 was stopped and the
one on 8000 started (the scan saw the second state), and in the state the scan saw."""

from dataclasses import replace
from pathlib import Path

from auditor.facts.base import FactError, Raw, Target
from auditor.network.nmap_xml import read_run, scanned_hosts
from auditor.network.services import NetworkView, Service

DATA = Path(__file__).resolve().parents[2] / "data" / "network"
TARGET = Target("portal", "127.0.11.9", "server", port=22)


def recorded(name: str) -> NetworkView:
    return scanned_hosts(read_run((DATA / name).read_text(encoding="utf-8")), True)[0].view


def sockets(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def judge(evaluate, ss: str, view: NetworkView | None = None):
    return evaluate(
        "network_listening_agreement",
        target=TARGET,
        network_scan=view or recorded("cleartext_snmp.xml"),
        listening_sockets=sockets(ss),
    )


def test_agreeing_views_pass_and_say_the_filtered_port(evaluate):
    outcome = judge(evaluate, "ss_cleartext_after.txt")
    assert outcome.status == "pass", outcome.message
    assert "port(s) 2121 are filtered from the network" in outcome.message
    assert any(
        line.startswith(
            "listening on the host, filtered (firewall) from the network: tcp 127.0.11.9:2121"
        )
        for line in outcome.evidence
    )
    assert "host listeners on ports nmap did not scan: 2024" in outcome.evidence


def test_hidden_port_and_closed_listener_fail(evaluate):
    outcome = judge(evaluate, "ss_cleartext_before.txt")
    assert outcome.status == "fail"
    assert "without a host listener: 8000/tcpwrapped" in outcome.message
    assert "host listeners nmap found closed: 2323" in outcome.message
    assert (
        "open from the network, no listener reported by the host: 8000/tcp tcpwrapped"
        in outcome.evidence
    )


def test_wildcard_listener_is_expected_and_loopback_ones_are_not(evaluate):
    # 199 listens on 0.0.0.0 and is open; 127.0.0.1 listeners were never scanned as open
    outcome = judge(evaluate, "ss_cleartext_after.txt")
    assert not any("199" in line for line in outcome.evidence)
    assert not any("127.0.0.1" in line for line in outcome.evidence)


def test_ports_nmap_did_not_scan_are_not_compared(evaluate):
    view = replace(recorded("cleartext_snmp.xml"), scanned_tcp=frozenset({21, 23}))
    outcome = judge(evaluate, "ss_cleartext_before.txt", view)
    assert outcome.status == "fail"
    assert "found closed: none" in outcome.message  # 2323 was not scanned in this view


def test_error_when_a_fact_is_missing(evaluate):
    outcome = evaluate(
        "network_listening_agreement",
        target=TARGET,
        network_scan=FactError("nmap is not installed"),
        listening_sockets=sockets("ss_cleartext_after.txt"),
    )
    assert outcome.status == "error" and "nmap is not installed" in outcome.message
    outcome = evaluate(
        "network_listening_agreement",
        target=TARGET,
        network_scan=recorded("cleartext_snmp.xml"),
        listening_sockets=FactError("ss failed"),
    )
    assert outcome.status == "error"


def test_the_view_knows_the_scanned_and_filtered_ports():
    view = recorded("cleartext_snmp.xml")
    assert view.scanned_tcp == {21, 23, 80, 199, 513, 2121, 2323, 8000, 8080}
    assert view.filtered_tcp == {2121}


def test_a_forwarded_audit_port_means_translation_and_no_comparison(evaluate):
    # As a QEMU guest behind port forwarding: nmap reaches 2222, the guest's sshd listens on 22.
    view = replace(recorded("cleartext_snmp.xml"), services=(Service(2222, "tcp", "ssh"),))
    table = Raw(
        "root=yes\n\036SEC ss\n"
        "Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n"
        'tcp   LISTEN 0      128     0.0.0.0:22   0.0.0.0:*    users:(("sshd",pid=1,fd=3))'
    )
    outcome = evaluate(
        "network_listening_agreement",
        target=replace(TARGET, port=2222),
        network_scan=view,
        listening_sockets=table,
    )
    assert outcome.status == "skip", outcome.message
    assert "no socket of the host listens on it: the address is translated" in outcome.message
