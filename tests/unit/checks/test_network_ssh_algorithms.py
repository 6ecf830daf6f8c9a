"""network_ssh_algorithms on nmap XML recorded against real sshd servers on 127.0.11.x: one with
legacy algorithms enabled, one hardened."""

from dataclasses import replace
from pathlib import Path

from auditor.facts.base import FactError
from auditor.network.nmap_xml import read_run, scanned_hosts
from auditor.network.services import NetworkView, Service

DATA = Path(__file__).resolve().parents[2] / "data" / "network"


def recorded(name: str) -> NetworkView:
    return scanned_hosts(read_run((DATA / name).read_text(encoding="utf-8")))[0].view


def test_legacy_sshd_fails_naming_each_weak_algorithm(evaluate):
    outcome = evaluate("network_ssh_algorithms", network_scan=recorded("ssh_legacy.xml"))
    assert outcome.status == "fail"
    message = outcome.message
    assert "port 2222 kex: diffie-hellman-group14-sha1, diffie-hellman-group1-sha1" in message
    assert "diffie-hellman-group-exchange-sha1" in message
    assert "port 2222 host_keys: ssh-rsa" in message
    assert "rsa-sha2-512" not in message
    assert "port 2222 ciphers: aes128-cbc, 3des-cbc" in message
    assert "hmac-sha1, hmac-md5" in message and "umac-64@openssh.com" in message
    assert outcome.evidence[0].startswith("2222/tcp ssh (OpenSSH 9.2p1")


def test_hardened_sshd_passes(evaluate):
    outcome = evaluate("network_ssh_algorithms", network_scan=recorded("ssh_hardened.xml"))
    assert outcome.status == "pass", outcome.message
    assert "port(s) 2222" in outcome.message
    assert "  host_keys: ssh-ed25519" in outcome.evidence


def test_a_unit_may_accept_hmac_sha1(evaluate):
    params = {"weak_macs": ["hmac-md5*", "umac-64*", "*-96*"]}
    outcome = evaluate("network_ssh_algorithms", params, network_scan=recorded("ssh_legacy.xml"))
    assert outcome.status == "fail" and "hmac-sha1" not in outcome.message


def test_ssh_port_without_algorithms_is_an_error_saying_why(evaluate):
    view = recorded("ssh_hardened.xml")
    ssh = view.services[0]
    skipped = replace(view, services=(replace(ssh, ssh=None, scripts={}),))
    outcome = evaluate("network_ssh_algorithms", network_scan=skipped)
    assert outcome.status == "error"
    assert "ssh2-enum-algos did not run" in outcome.evidence[-1]
    failed = replace(
        view, services=(replace(ssh, ssh=None, scripts={"ssh2-enum-algos": "ERROR: x"}),)
    )
    outcome = evaluate("network_ssh_algorithms", network_scan=failed)
    assert outcome.status == "error" and "ssh2-enum-algos failed: ERROR: x" in outcome.evidence[-1]


def test_weak_algorithms_still_fail_beside_an_unjudged_port(evaluate):
    view = recorded("ssh_legacy.xml")
    other = Service(22, "tcp", "ssh")
    outcome = evaluate(
        "network_ssh_algorithms", network_scan=replace(view, services=(*view.services, other))
    )
    assert outcome.status == "fail"
    assert "22/tcp ssh: ssh2-enum-algos did not run" in outcome.evidence[-1]


def test_no_ssh_service_passes(evaluate):
    outcome = evaluate("network_ssh_algorithms", network_scan=recorded("tls_modern.xml"))
    assert outcome.status == "pass"


def test_error_when_the_network_scan_failed(evaluate):
    outcome = evaluate("network_ssh_algorithms", network_scan=FactError("nmap is not installed"))
    assert outcome.status == "error" and "nmap is not installed" in outcome.message


def test_defaults_match_ssh_weak_crypto_where_they_overlap(checks):
    mine = checks["network_ssh_algorithms"].meta.parameters
    theirs = checks["ssh_weak_crypto"].meta.parameters
    for name in ("weak_kex", "weak_ciphers", "weak_macs"):
        assert mine[name].default == theirs[name].default
