"""nmap's XML output (``nmap -oX``) as the hosts of one unit.

Each host nmap reports up becomes a host entry: its IP address, named after its hostname (a
user-given name first, then the PTR record) or its address. The open ports with nmap's service
guesses, the best OS match and the MAC vendor go in a comment above the entry; an SSH service found
on a port other than 22 becomes the host's ``port``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from auditor.errors import UsageError
from auditor.importers.drafts import HostDraft, Imported, Names, UnitDraft, host_problem
from auditor.messages import Message
from auditor.network.nmap_xml import NmapXmlError, hostname, read_run, service


def _parse(path: Path, text: str) -> ET.Element:
    try:
        return read_run(text)
    except NmapXmlError as exc:
        raise UsageError("{path}: {problem}", path=path, problem=exc.message) from None


def _comment(host: ET.Element) -> tuple[str, int | None]:
    """The comment for a host, and its SSH port when nmap saw SSH elsewhere than on 22."""
    parts: list[str] = []
    ssh: list[int] = []
    if host.find("ports") is not None:
        services = [svc for port in host.findall("ports/port") if (svc := service(port))]
        seen = [svc.label() for svc in services]
        ssh = [svc.port for svc in services if svc.name == "ssh" and svc.protocol == "tcp"]
        parts.append("open: " + ", ".join(seen) if seen else "no open port found")
        if not ssh:
            parts.append("no SSH seen")
    match = host.find("os/osmatch")
    if match is not None and match.get("name"):
        parts.append(f"os: {match.get('name')} ({match.get('accuracy', '?')}%)")
    for address in host.findall("address"):
        if address.get("addrtype") == "mac":
            vendor = address.get("vendor")
            parts.append(f"mac: {address.get('addr')}" + (f" ({vendor})" if vendor else ""))
    return "; ".join(parts), (ssh[0] if ssh and 22 not in ssh else None)


def read(path: Path, text: str, unit_id: str, unit_name: str | None) -> Imported:
    """The hosts of an nmap XML file that are up, in one unit ``unit_id``."""
    root = _parse(path, text)
    names = Names()
    hosts: list[HostDraft] = []
    seen: set[str] = set()
    notes: list[Message] = []
    down = 0
    for host in root.iter("host"):
        status = host.find("status")
        if status is None or status.get("state") != "up":
            down += 1
            continue
        by_type = {a.get("addrtype"): a.get("addr") for a in host.findall("address")}
        address = by_type.get("ipv4") or by_type.get("ipv6")
        if not address or address in seen:
            continue
        seen.add(address)
        comment, ssh_port = _comment(host)
        settings = {"port": ssh_port} if ssh_port else {}
        name = names.get(hostname(host) or address, keep_case=True)
        problem = host_problem(name, address, settings)
        if problem:
            left_out = Message.of("host {host} left out: {problem}", host=address, problem=problem)
            notes.append(left_out)
            continue
        hosts.append(HostDraft(name, address, settings, comment=comment or None))
    if down:
        notes.append(Message.of("{count} host(s) that nmap did not find up left out", count=down))
    header = []
    if root.get("args"):
        header.append(f"nmap scan: {root.get('args')} ({root.get('startstr', '')})")
    unit = UnitDraft(unit_id, unit_name or unit_id, hosts=hosts)
    return Imported([unit], notes=notes, header=header)
