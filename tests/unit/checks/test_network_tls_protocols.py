"""network_tls_protocols on nmap XML recorded against real openssl s_server instances on
127.0.77.1 and 127.0.11.x: legacy versions with anonymous suites, TLS 1.2+ with AEAD only, and
TLS 1.2+ with a SHA-1 certificate."""

from dataclasses import replace
from pathlib import Path

from auditor.facts.base import FactError
from auditor.network.nmap_xml import read_run, scanned_hosts
from auditor.network.services import NetworkView

DATA = Path(__file__).resolve().parents[2] / "data" / "network"


def recorded(name: str) -> NetworkView:
    return scanned_hosts(read_run((DATA / name).read_text(encoding="utf-8")))[0].view


def test_legacy_versions_and_anonymous_suites_fail(evaluate):
    outcome = evaluate("network_tls_protocols", network_scan=recorded("tls_legacy_selfsigned.xml"))
    assert outcome.status == "fail"
    assert "port 4443 accepts TLSv1.0, TLSv1.1" in outcome.message
    assert "graded below A (least F)" in outcome.message
    assert "TLS_DH_anon_WITH_AES_128_CBC_SHA" in outcome.message
    assert any("Anonymous key exchange" in line for line in outcome.evidence)


def test_expired_server_with_tls1_fails_on_versions(evaluate):
    outcome = evaluate("network_tls_protocols", network_scan=recorded("tls_expired_selfsigned.xml"))
    assert outcome.status == "fail" and "accepts TLSv1.0, TLSv1.1" in outcome.message


def test_modern_server_passes(evaluate):
    outcome = evaluate("network_tls_protocols", network_scan=recorded("tls_modern.xml"))
    assert outcome.status == "pass", outcome.message
    assert "accepts only TLSv1.2, TLSv1.3" in outcome.message
    assert outcome.evidence[0].endswith("least strength A")


def test_tls12_only_server_still_fails_on_grade_and_names(evaluate):
    outcome = evaluate("network_tls_protocols", network_scan=recorded("tls_sha1_selfsigned.xml"))
    assert outcome.status == "fail"
    assert "accepts" not in outcome.message  # TLS 1.2 and 1.3 only
    assert "graded below A" in outcome.message and "anon" in outcome.message


def test_a_lower_minimum_grade_and_no_name_patterns(evaluate):
    params = {"min_grade": "F", "weak_cipher_patterns": [], "weak_protocols": []}
    outcome = evaluate(
        "network_tls_protocols", params, network_scan=recorded("tls_legacy_selfsigned.xml")
    )
    assert outcome.status == "pass"


def test_tls_port_without_cipher_list_is_an_error(evaluate):
    view = recorded("tls_modern.xml")
    service = replace(view.services[0], tls=None)
    outcome = evaluate("network_tls_protocols", network_scan=replace(view, services=(service,)))
    assert outcome.status == "error" and "443" in outcome.message


def test_no_tls_service_passes(evaluate):
    outcome = evaluate("network_tls_protocols", network_scan=recorded("ssh_hardened.xml"))
    assert outcome.status == "pass"


def test_error_when_the_network_scan_failed(evaluate):
    outcome = evaluate("network_tls_protocols", network_scan=FactError("nmap failed: boom"))
    assert outcome.status == "error" and "boom" in outcome.message
