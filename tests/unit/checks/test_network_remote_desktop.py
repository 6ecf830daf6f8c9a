"""network_remote_desktop on nmap XML recorded on 127.0.11.x: a stand-in RDP listener answering
the X.224 connection request, listeners on the TeamViewer, AnyDesk, RustDesk and X11 ports, and
a real TigerVNC server (Xvnc)."""

from pathlib import Path

from auditor.facts.base import FactError
from auditor.network.nmap_xml import read_run, scanned_hosts
from auditor.network.services import NetworkView

DATA = Path(__file__).resolve().parents[2] / "data" / "network"


def recorded(name: str) -> NetworkView:
    return scanned_hosts(read_run((DATA / name).read_text(encoding="utf-8")))[0].view


def test_remote_desktop_ports_fail_by_service_name_or_port(evaluate):
    outcome = evaluate("network_remote_desktop", network_scan=recorded("remote_desktop.xml"))
    assert outcome.status == "fail"
    assert (
        "3389/ms-wbt-server, 5938/teamviewer, 6001/X11:1, 7070/realserver, 21116/unknown"
        in outcome.message
    )
    assert outcome.evidence[0] == "3389/tcp ms-wbt-server (Microsoft Terminal Services)"


def test_vnc_server_fails(evaluate):
    outcome = evaluate("network_remote_desktop", network_scan=recorded("vnc_tls.xml"))
    assert outcome.status == "fail" and "5902/vnc" in outcome.message


def test_approved_ports_pass_and_are_marked(evaluate):
    params = {"allowed": ["tcp/5902"]}
    outcome = evaluate("network_remote_desktop", params, network_scan=recorded("vnc_tls.xml"))
    assert outcome.status == "pass"
    assert outcome.evidence == ("5902/tcp vnc (VNC; protocol 3.8)  (allowed)",)


def test_host_without_remote_desktop_passes(evaluate):
    outcome = evaluate("network_remote_desktop", network_scan=recorded("ssh_hardened.xml"))
    assert outcome.status == "pass" and "no remote-desktop service" in outcome.message


def test_error_when_the_network_scan_failed(evaluate):
    outcome = evaluate("network_remote_desktop", network_scan=FactError("nmap is not installed"))
    assert outcome.status == "error"
