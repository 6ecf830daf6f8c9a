from auditor.facts.base import FactError, Target
from auditor.network.ports import DEFAULT_PORTS
from auditor.network.services import NetworkView, Service

SERVER = Target("db1", "127.0.10.9", "server", port=2222)
TERMINAL = Target("mc1", "127.0.10.8", "terminal", port=22)
DEVICE = Target("cam1", "127.0.10.7", "device", port=22)


def view(*ports: tuple[int, str]) -> NetworkView:
    return NetworkView("127.0.10.9", tuple(Service(p, "tcp", name) for p, name in ports))


def test_audit_port_and_allowed_ports_pass(evaluate):
    ports = view((22, "ssh"), (2222, "ssh"))
    outcome = evaluate("exposed_ports", target=SERVER, network_scan=ports)
    assert outcome.status == "pass"
    assert outcome.evidence == ("22/tcp ssh", "2222/tcp ssh")


def test_unexpected_ports_fail_naming_port_and_service(evaluate):
    ports = view((21, "ftp"), (22, "ssh"), (23, "telnet"))
    outcome = evaluate("exposed_ports", target=TERMINAL, network_scan=ports)
    assert outcome.status == "fail"
    assert "2 TCP port(s) open on 127.0.10.8" in outcome.message
    assert "21/ftp, 23/telnet" in outcome.message
    assert "23/tcp telnet  (not allowed)" in outcome.evidence


def test_a_device_has_no_audit_port_and_its_own_allow_list(evaluate):
    ports = view((22, "ssh"), (443, "https"))
    outcome = evaluate("exposed_ports", target=DEVICE, network_scan=ports)
    assert outcome.status == "fail" and "22/ssh, 443/https" in outcome.message
    params = {"allowed_ports_device": [22, 443]}
    assert evaluate("exposed_ports", params, target=DEVICE, network_scan=ports).status == "pass"


def test_udp_ports_are_not_judged_against_the_tcp_allow_list(evaluate):
    scan = NetworkView("127.0.10.9", (Service(161, "udp", "snmp"),), udp=True)
    assert evaluate("exposed_ports", target=SERVER, network_scan=scan).status == "pass"


def test_profile_can_allow_more_ports(evaluate):
    ports = view(
        (443, "https"),
    )
    params = {"allowed_ports_server": [22, 443]}
    assert evaluate("exposed_ports", params, target=SERVER, network_scan=ports).status == "pass"


def test_error_when_nmap_unavailable(evaluate):
    outcome = evaluate(
        "exposed_ports", target=SERVER, network_scan=FactError("nmap is not installed")
    )
    assert outcome.status == "error" and "nmap is not installed" in outcome.message


def test_the_scanned_ports_default_to_the_network_scan_default(checks):
    assert checks["exposed_ports"].meta.parameters["scan_ports"].default == DEFAULT_PORTS
