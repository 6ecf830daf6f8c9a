from datetime import datetime
from pathlib import Path

import pytest

from auditor.network.nmap_xml import NmapXmlError, nmap_document, read_run, scanned_hosts

DATA = Path(__file__).resolve().parents[2] / "data" / "network"


def hosts(name: str):
    return scanned_hosts(read_run((DATA / name).read_text(encoding="utf-8")))


def test_a_tls_service_with_its_versions_ciphers_and_certificate():
    (host,) = hosts("tls_legacy_selfsigned.xml")
    assert host.up and host.address == "127.0.77.1" and not host.timed_out
    (service,) = host.view.services
    assert (service.port, service.protocol, service.name, service.tunnel) == (
        4443,
        "tcp",
        "http",
        "ssl",
    )
    assert set(service.tls.protocols) == {"TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"}
    weakest = {c.strength for c in service.tls.protocols["TLSv1.0"]}
    assert weakest == {"A", "F"} and service.tls.least_strength == "F"
    assert "Anonymous key exchange, score capped at F" in service.tls.warnings["TLSv1.0"]
    cert = service.certificate
    assert cert.self_signed and cert.subject == "commonName=lab"
    assert (cert.key_type, cert.key_bits) == ("rsa", 2048)
    assert cert.not_after == datetime(2026, 12, 2, 17, 14, 3)
    assert host.view.scanned_at is not None and service.scripts["http-title"]
    assert service.label().startswith("4443/tcp ssl/http (OpenSSL s_server -www httpd")


def test_a_stored_host_reads_back_as_an_nmap_run():
    (host,) = hosts("tls_legacy_selfsigned.xml")
    (again,) = scanned_hosts(read_run(nmap_document(host.xml)))
    assert again.view.services == host.view.services


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<nmaprun", "invalid XML"),
        ("<html/>", "the root element is html"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><nmaprun/>', "declares entities"),
    ],
)
def test_what_is_not_nmap_xml_is_refused_with_the_reason(text, words):
    with pytest.raises(NmapXmlError, match=words):
        read_run(text)


def test_closed_ports_and_junk_port_numbers_are_left_out():
    run = read_run(
        '<nmaprun><host><status state="up" reason="user-set"/><address addr="127.0.0.9" '
        'addrtype="ipv4"/><ports><port protocol="tcp" portid="22"><state state="closed"/></port>'
        '<port protocol="tcp" portid="x"><state state="open"/></port>'
        '<port protocol="tcp" portid="23"><state state="open"/></port></ports></host></nmaprun>'
    )
    (host,) = scanned_hosts(run)
    assert [(s.port, s.name) for s in host.view.services] == [(23, "unknown")]
