from auditor.facts.base import FactError, Target
from auditor.probes import OpenPort, open_ports

SERVER = Target("db1", "127.0.10.9", "server", port=2222)
TERMINAL = Target("mc1", "127.0.10.8", "terminal", port=22)


def result(*ports: tuple[int, str, str]) -> dict:
    """A python-nmap scan result, as PortScanner.scan returns it."""
    tcp = {p: {"state": state, "name": name, "reason": "syn-ack"} for p, name, state in ports}
    return {"nmap": {"scaninfo": {}}, "scan": {"127.0.10.9": {"tcp": tcp}}}


def test_open_ports_parses_only_open_ones():
    parsed = open_ports(result((23, "telnet", "open"), (22, "ssh", "open"), (80, "http", "closed")))
    assert parsed == (OpenPort(22, "ssh"), OpenPort(23, "telnet"))
    assert open_ports({"scan": {"127.0.10.9": {}}}) == ()
    up_without_open_ports = {"nmap": {"scanstats": {"uphosts": "1"}}, "scan": {}}
    assert open_ports(up_without_open_ports) == ()


def test_host_missing_from_result_is_an_error():
    try:
        open_ports({"nmap": {"scanstats": {"uphosts": "0"}}, "scan": {}})
    except FactError as exc:
        assert "down" in str(exc)
    else:
        raise AssertionError("expected FactError")


def test_audit_port_and_allowed_ports_pass(evaluate):
    ports = (OpenPort(22, "ssh"), OpenPort(2222, "EtherNetIP-1"))
    outcome = evaluate("exposed_ports", target=SERVER, nmap_tcp=ports)
    assert outcome.status == "pass"
    assert outcome.evidence == ("22/tcp open ssh", "2222/tcp open EtherNetIP-1")


def test_unexpected_ports_fail_naming_port_and_service(evaluate):
    ports = (OpenPort(21, "ftp"), OpenPort(22, "ssh"), OpenPort(23, "telnet"))
    outcome = evaluate("exposed_ports", target=TERMINAL, nmap_tcp=ports)
    assert outcome.status == "fail"
    assert "2 TCP port(s) open on 127.0.10.8" in outcome.message
    assert "21/ftp, 23/telnet" in outcome.message
    assert "23/tcp open telnet  (not allowed)" in outcome.evidence


def test_profile_can_allow_more_ports(evaluate):
    ports = (OpenPort(443, "https"),)
    params = {"allowed_ports_server": [22, 443]}
    assert evaluate("exposed_ports", params, target=SERVER, nmap_tcp=ports).status == "pass"


def test_error_when_nmap_unavailable(evaluate):
    outcome = evaluate("exposed_ports", target=SERVER, nmap_tcp=FactError("nmap is not installed"))
    assert outcome.status == "error" and "nmap is not installed" in outcome.message
