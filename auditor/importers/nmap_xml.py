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


def _parse(path: Path, text: str) -> ET.Element:
    # nmap never declares entities: refusing them rules out entity-expansion attacks without
    # needing defusedxml; ElementTree does not fetch external resources.
    if "<!ENTITY" in text:
        raise UsageError("{path}: refusing XML that declares entities (nmap's has none)", path=path)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise UsageError("{path}: invalid XML: {problem}", path=path, problem=str(exc)) from None
    if root.tag != "nmaprun":
        raise UsageError(
            "{path}: not nmap XML output (nmap -oX): the root element is {tag}",
            path=path,
            tag=root.tag,
        )
    return root


def _hostname(host: ET.Element) -> str | None:
    names = host.findall("hostnames/hostname")
    for kind in ("user", "PTR"):
        for h in names:
            if h.get("type") == kind and h.get("name"):
                return h.get("name")
    return next((h.get("name") for h in names if h.get("name")), None)


def _port_text(port: ET.Element) -> tuple[str, bool]:
    """``22/tcp ssh (OpenSSH 9.2p1)`` and whether nmap took it for SSH."""
    text = f"{port.get('portid')}/{port.get('protocol')}"
    service = port.find("service")
    if service is None:
        return text, False
    label = service.get("name") or "unknown"
    if service.get("tunnel") == "ssl":
        label = f"ssl/{label}"
    detail = " ".join(filter(None, (service.get(k) for k in ("product", "version"))))
    extra = service.get("extrainfo")
    detail = f"{detail}; {extra}" if detail and extra else detail or extra or ""
    text = f"{text} {label}" + (f" ({detail})" if detail else "")
    return text, service.get("name") == "ssh" and port.get("protocol") == "tcp"


def _comment(host: ET.Element) -> tuple[str, int | None]:
    """The comment for a host, and its SSH port when nmap saw SSH elsewhere than on 22."""
    parts: list[str] = []
    ssh: list[int] = []
    ports = host.find("ports")
    if ports is not None:
        seen = []
        for port in ports.findall("port"):
            state = port.find("state")
            if state is None or state.get("state") != "open":
                continue
            text, is_ssh = _port_text(port)
            seen.append(text)
            if is_ssh:
                ssh.append(int(port.get("portid", "0")))
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
        name = names.get(_hostname(host) or address, keep_case=True)
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
