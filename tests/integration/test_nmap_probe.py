"""The nmap probe against listeners on a loopback address of this machine."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from auditor.facts.base import FactError
from auditor.probes import nmap_tcp
from tests.specs import host_spec

SPEC = host_spec("p", "127.0.23.1")


def test_nmap_sees_exactly_the_listeners_bound_to_the_address():
    listeners = []
    for port in (21, 23, 5901):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.23.1", port))
        s.listen(1)
        listeners.append(s)
    try:
        found = {p.port: p.service for p in nmap_tcp(SPEC)}
    finally:
        for s in listeners:
            s.close()
    wildcard = {p for p in found if p not in (21, 23, 5901)}
    assert {21: "ftp", 23: "telnet"}.items() <= found.items() and 5901 in found
    # anything else answering is a wildcard listener of this machine, never another 127.0.23.x
    assert all(_listens_on_wildcard(p) for p in wildcard)


def _listens_on_wildcard(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.23.2", port)) == 0


def test_unresolvable_name_is_a_fact_error():
    with pytest.raises(FactError):
        nmap_tcp(replace(SPEC, address="no-such-host.invalid"))
