"""network_cleartext_services on nmap XML recorded on 127.0.11.x: FTP and telnet banners, an
rlogin port and two web pages (one titled "Đăng nhập - Cấu hình Router") served by stand-in
listeners, a real net-snmp agent answering the community public, and real TigerVNC servers
(VNC Authentication and None; VeNCrypt)."""

from dataclasses import replace
from pathlib import Path

from auditor.facts.base import FactError
from auditor.network.nmap_xml import read_run, scanned_hosts
from auditor.network.scanner import UDP_NEEDS_ROOT
from auditor.network.services import NetworkView

DATA = Path(__file__).resolve().parents[2] / "data" / "network"


def recorded(name: str, udp: bool = False, udp_error: str = "") -> NetworkView:
    root = read_run((DATA / name).read_text(encoding="utf-8"))
    return scanned_hosts(root, udp, udp_error)[0].view


def test_cleartext_tcp_services_and_snmp_public_fail(evaluate):
    view = recorded("cleartext_snmp.xml", udp=True)
    outcome = evaluate("network_cleartext_services", network_scan=view)
    assert outcome.status == "fail"
    lines = outcome.evidence
    assert "21/tcp ftp (vsftpd 3.0.3): cleartext service" in lines
    assert "23/tcp telnet (Linux telnetd): cleartext service" in lines
    assert "513/tcp tcpwrapped: cleartext service" in lines
    assert any('titled "Đăng nhập - Cấu hình Router"' in line for line in lines)
    assert "8000/tcp tcpwrapped" not in " ".join(lines)  # not taken for a web server
    assert not any(line.startswith("80/tcp") for line in lines)  # "Welcome to the unit portal"
    assert "161/udp snmp: SNMP answers the community public" in lines


def test_snmp_public_from_nmaps_version_match(evaluate):
    view = recorded("snmp_only.xml", udp=True)
    outcome = evaluate("network_cleartext_services", network_scan=view)
    assert outcome.status == "fail"
    assert "SNMPv1 server; net-snmp SNMPv3 server; public" in outcome.message


def test_udp_the_scan_could_not_run_leaves_snmp_unjudged_as_an_error(evaluate):
    view = recorded("tls_modern.xml", udp_error=UDP_NEEDS_ROOT)
    outcome = evaluate("network_cleartext_services", network_scan=view)
    assert outcome.status == "error"
    assert f"SNMP could not be judged: {UDP_NEEDS_ROOT}" in outcome.message
    assert outcome.evidence == (f"UDP was not scanned, SNMP not judged: {UDP_NEEDS_ROOT}",)
    failing = evaluate(
        "network_cleartext_services",
        network_scan=recorded("cleartext_snmp.xml", udp_error=UDP_NEEDS_ROOT),
    )
    assert failing.status == "fail" and "SNMP not judged" in failing.evidence[-1]


def test_a_profile_scanning_no_udp_port_passes_saying_snmp_was_not_looked_at(evaluate):
    outcome = evaluate("network_cleartext_services", network_scan=recorded("tls_modern.xml"))
    assert outcome.status == "pass" and "SNMP was not looked at" in outcome.message


def test_clean_host_with_udp_scanned_passes(evaluate):
    view = replace(recorded("ssh_hardened.xml"), udp=True)
    outcome = evaluate("network_cleartext_services", network_scan=view)
    assert outcome.status == "pass" and "(TCP and SNMP)" in outcome.message
    assert outcome.evidence == ("UDP 161 (SNMP) not open",)


def test_vnc_without_tls_fails_and_vencrypt_passes(evaluate):
    plain = evaluate("network_cleartext_services", network_scan=recorded("vnc_auth.xml"))
    assert plain.status == "fail"
    assert "VNC without TLS (security types: VNC Authentication, None)" in plain.message
    tls = evaluate("network_cleartext_services", network_scan=recorded("vnc_tls.xml"))
    assert tls.status == "pass", tls.message


def test_vnc_where_vnc_info_did_not_run_counts_as_cleartext(evaluate):
    view = recorded("vnc_tls.xml")
    service = replace(view.services[0], scripts={})
    outcome = evaluate(
        "network_cleartext_services", network_scan=replace(view, services=(service,))
    )
    assert outcome.status == "fail" and "vnc-info did not read" in outcome.message


def test_tls_web_and_ssh_are_not_cleartext(evaluate):
    for name in ("tls_modern.xml", "tls_expired_selfsigned.xml", "ssh_legacy.xml"):
        outcome = evaluate("network_cleartext_services", network_scan=recorded(name))
        assert outcome.status == "pass", (name, outcome.message)


def test_error_when_the_network_scan_failed(evaluate):
    outcome = evaluate("network_cleartext_services", network_scan=FactError("nmap is missing"))
    assert outcome.status == "error"
