"""network_tls_certificates on nmap XML recorded against real openssl s_server instances on
127.0.11.x with certificates made for the purpose: expired self-signed RSA 1024, CA-signed and
valid for a year, CA-signed expiring in 10 days, self-signed SHA-1 expiring in 20 days."""

from dataclasses import replace
from pathlib import Path

from auditor.facts.base import FactError
from auditor.network.nmap_xml import read_run, scanned_hosts
from auditor.network.services import NetworkView

DATA = Path(__file__).resolve().parents[2] / "data" / "network"


def recorded(name: str) -> NetworkView:
    return scanned_hosts(read_run((DATA / name).read_text(encoding="utf-8")))[0].view


def test_expired_self_signed_short_key_fails_on_each(evaluate):
    outcome = evaluate(
        "network_tls_certificates", network_scan=recorded("tls_expired_selfsigned.xml")
    )
    assert outcome.status == "fail"
    message = outcome.message
    assert "port 4443: expired on 2026-10-27T17:25:52" in message
    assert "self-signed" in message and "RSA key of 1024 bits, under 2048" in message
    assert outcome.evidence[0] == "judged at 2026-12-01T17:26:09 UTC (when nmap began the host)"


def test_ca_signed_certificate_valid_for_a_year_passes(evaluate):
    outcome = evaluate("network_tls_certificates", network_scan=recorded("tls_modern.xml"))
    assert outcome.status == "pass", outcome.message
    assert "  subject commonName=modern.lab; issuer commonName=Lab CA" in outcome.evidence


def test_certificate_expiring_within_the_window_fails(evaluate):
    view = recorded("tls_expiring_soon.xml")
    outcome = evaluate("network_tls_certificates", network_scan=view)
    assert outcome.status == "fail" and "within 30 days" in outcome.message
    shorter = evaluate("network_tls_certificates", {"expiry_days": 7}, network_scan=view)
    assert shorter.status == "pass"


def test_sha1_signature_and_self_signed_fail_unless_allowed(evaluate):
    view = recorded("tls_sha1_selfsigned.xml")
    outcome = evaluate("network_tls_certificates", network_scan=view)
    assert outcome.status == "fail"
    assert "signed with sha1WithRSAEncryption" in outcome.message
    allowed = evaluate(
        "network_tls_certificates",
        {"allow_self_signed": True, "weak_signatures": [], "expiry_days": 7},
        network_scan=view,
    )
    assert allowed.status == "pass", allowed.message


def test_dates_are_judged_at_the_scan_time_not_now(evaluate):
    view = recorded("tls_modern.xml")
    cert = view.services[0].certificate
    assert cert is not None and cert.not_before is not None
    before = replace(view, scanned_at=cert.not_before.replace(year=cert.not_before.year - 1))
    outcome = evaluate("network_tls_certificates", network_scan=before)
    assert outcome.status == "fail" and "not valid before" in outcome.message


def test_no_scan_time_is_an_error(evaluate):
    view = replace(recorded("tls_modern.xml"), scanned_at=None)
    outcome = evaluate("network_tls_certificates", network_scan=view)
    assert outcome.status == "error" and "no start time" in outcome.message


def test_no_certificate_passes(evaluate):
    outcome = evaluate("network_tls_certificates", network_scan=recorded("ssh_legacy.xml"))
    assert outcome.status == "pass"


def test_error_when_the_network_scan_failed(evaluate):
    outcome = evaluate("network_tls_certificates", network_scan=FactError("nmap timed out"))
    assert outcome.status == "error" and "nmap timed out" in outcome.message
