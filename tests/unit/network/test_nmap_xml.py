from datetime import datetime
from pathlib import Path

import pytest

from auditor.network.nmap_xml import (
    HostStream,
    NmapXmlError,
    nmap_document,
    read_run,
    scanned_hosts,
)

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


def three_hosts() -> str:
    """One nmap run with the hosts of three recorded runs, as one nmap would write it."""
    text = (DATA / "ssh_legacy.xml").read_text(encoding="utf-8")
    more = [h.xml for name in ("tls_modern.xml", "vnc_auth.xml") for h in hosts(name)]
    cut = text.index("<runstats>")
    return text[:cut] + "\n".join(more) + "\n" + text[cut:]


@pytest.mark.parametrize("size", [7, 4096, 1 << 20])
def test_a_run_read_as_it_comes_gives_each_host_as_the_whole_run_does(size):
    text = three_hosts()
    whole = scanned_hosts(read_run(text))
    stream, streamed, data = HostStream(), [], text.encode()
    for start in range(0, len(data), size):
        streamed += stream.feed(data[start : start + size])
    assert len(whole) == 3 and stream.started()
    assert [(h.address, h.view, h.xml) for h in streamed] == [
        (h.address, h.view, h.xml) for h in whole
    ]


def test_a_host_is_given_once_its_element_ends_not_when_the_run_does():
    data = three_hosts().encode()
    first_end = data.index(b"</host>") + len(b"</host>")
    stream = HostStream()
    assert [h.address for h in stream.feed(data[:first_end])] == ["127.0.11.1"]
    assert len(stream.feed(data[first_end:])) == 2


def test_an_entity_declaration_cut_between_two_reads_is_refused():
    data = b'<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!EN' + b'TITY x "y">]>\n<nmaprun>'
    stream = HostStream()
    assert stream.feed(data[:40]) == [] and stream.problem is None
    assert stream.feed(data[40:]) == []
    assert "entities" in str(stream.problem)


def test_a_stream_of_something_else_is_refused_and_the_hosts_before_stand():
    html = HostStream()
    html.feed(b"<html><body>")
    assert "root element is html" in str(html.problem) and not html.started()
    data = three_hosts().encode()
    first_end = data.index(b"</host>") + len(b"</host>")
    broken = HostStream()
    assert len(broken.feed(data[:first_end] + b"<host><oops></host>")) == 1
    assert "invalid XML" in str(broken.problem)
    assert broken.feed(data[first_end:]) == []
