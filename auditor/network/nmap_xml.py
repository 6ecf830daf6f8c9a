"""nmap's XML output (``-oX``) read into :class:`~auditor.network.services.NetworkView` values,
one per scanned address, and each host's own ``<host>`` element kept as text for the store."""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

from auditor.messages import Message
from auditor.network.services import (
    Certificate,
    Cipher,
    NetworkView,
    Service,
    SshAlgorithms,
    Tls,
)

_ESCAPED = re.compile(r"(?:\\x[0-9A-Fa-f]{2})+")

SSH_TABLES = {
    "kex_algorithms": "kex",
    "server_host_key_algorithms": "host_keys",
    "encryption_algorithms": "ciphers",
    "mac_algorithms": "macs",
    "compression_algorithms": "compression",
}


class NmapXmlError(ValueError):
    """Text that is not nmap XML output; ``message`` says why."""

    def __init__(self, template: str, **args: str) -> None:
        self.message = Message.of(template, **args)
        super().__init__(self.message.render())


@dataclass(frozen=True)
class ScannedHost:
    """One address of an nmap run: up or not (and nmap's reason), what it saw, the
    ``<host>`` element as nmap wrote it, and whether nmap's host timeout cut it short."""

    address: str
    up: bool
    reason: str
    view: NetworkView
    xml: str
    hostname: str = ""
    timed_out: bool = False


def nmap_document(host_xml: str) -> str:
    """A stored ``<host>`` element as a document of its own, as ``nmap -oX`` writes one."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n'
        f'<nmaprun scanner="nmap" xmloutputversion="1.05">\n{host_xml}\n</nmaprun>\n'
    )


ENTITY = "<!ENTITY"
# nmap never declares entities: refusing them rules out entity expansion without defusedxml;
# ElementTree does not fetch external resources.
NO_ENTITIES = "refusing XML that declares entities (nmap's has none)"


def read_run(text: str) -> ET.Element:
    """The ``nmaprun`` root of nmap's XML; :class:`NmapXmlError` when it is not one."""
    if ENTITY in text:
        raise NmapXmlError(NO_ENTITIES)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise NmapXmlError("invalid XML: {problem}", problem=str(exc)) from None
    _check_root(root)
    return root


def _check_root(root: ET.Element) -> None:
    if root.tag != "nmaprun":
        raise NmapXmlError(
            "not nmap XML output (nmap -oX): the root element is {tag}", tag=str(root.tag)
        )


def scanned_ports(root: ET.Element) -> frozenset[int]:
    """The TCP ports the run scanned, from its ``<scaninfo>``."""
    return frozenset(
        port
        for info in root.findall("scaninfo")
        if info.get("protocol") == "tcp"
        for port in _port_list(info.get("services", ""))
    )


def scanned_hosts(root: ET.Element, udp: bool = False, udp_error: str = "") -> list[ScannedHost]:
    """Every ``<host>`` of an nmap run, by its IPv4 or IPv6 address."""
    scanned = scanned_ports(root)
    found = (scanned_host(host, scanned, udp, udp_error) for host in root.findall("host"))
    return [host for host in found if host is not None]


def scanned_host(
    host: ET.Element, scanned: frozenset[int], udp: bool = False, udp_error: str = ""
) -> ScannedHost | None:
    """One ``<host>`` element, by its IPv4 or IPv6 address; None when it has none."""
    address = next(
        (a.get("addr", "") for a in host.findall("address") if a.get("addrtype") != "mac"), ""
    )
    if not address:
        return None
    status = host.find("status")
    services = tuple(s for port in host.findall("ports/port") if (s := service(port)) is not None)
    host.tail = None  # the text after the element, not part of it (and unread yet in a stream)
    return ScannedHost(
        address,
        status is not None and status.get("state") == "up",
        "" if status is None else status.get("reason", ""),
        NetworkView(address, services, udp, udp_error, _started(host), scanned, _filtered(host)),
        ET.tostring(host, encoding="unicode"),
        hostname(host),
        host.get("timedout") == "true",
    )


class HostStream:
    """nmap's XML read as nmap writes it: :meth:`feed` gives each ``<host>`` once it is whole,
    so that a host's result is ready when nmap has reported it, not when the run ends; what was
    read is dropped. Output that is not nmap's stops the stream: :attr:`problem` says why, as
    :func:`read_run` would, and the hosts before it stand."""

    def __init__(self, udp: bool = False, udp_error: str = "") -> None:
        self.udp, self.udp_error = udp, udp_error
        self.problem: NmapXmlError | None = None
        self._parser = ET.XMLPullParser(events=("start", "end"))
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._tail = ""  # the end of the text before, for a declaration cut between two reads
        self._root: ET.Element | None = None
        self._depth = 0
        self._scanned: frozenset[int] = frozenset()

    def feed(self, data: bytes) -> list[ScannedHost]:
        """The hosts that ``data``, the next bytes of nmap's output, completes."""
        if self.problem is not None:
            return []
        text = self._decoder.decode(data)
        if ENTITY in self._tail + text:
            self.problem = NmapXmlError(NO_ENTITIES)
            return []
        self._tail = text[-len(ENTITY) :]
        self._parser.feed(text)
        found: list[ScannedHost] = []
        try:
            for event, element in self._parser.read_events():
                self._read(event, element, found)
        except ET.ParseError as exc:
            self.problem = NmapXmlError("invalid XML: {problem}", problem=str(exc))
        except NmapXmlError as exc:
            self.problem = exc
        return found

    def _read(self, event: str, element: ET.Element, found: list[ScannedHost]) -> None:
        if event == "start":
            if self._root is None:
                _check_root(element)
                self._root = element
            self._depth += 1
            return
        self._depth -= 1
        if self._depth != 1 or self._root is None:
            return
        if element.tag == "scaninfo":
            self._scanned = scanned_ports(self._root)
        elif element.tag == "host":
            host = scanned_host(element, self._scanned, self.udp, self.udp_error)
            if host is not None:
                found.append(host)
            self._root.remove(element)

    def started(self) -> bool:
        """Whether the output so far began an nmap run."""
        return self._root is not None


def _port_list(text: str) -> set[int]:
    """The ports of nmap's ``1-3,7`` lists (``<scaninfo services>``, ``<extrareasons ports>``)."""
    ports: set[int] = set()
    for item in text.split(","):
        low, _, high = item.strip().partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            ports.update(range(int(low), int(high or low) + 1))
    return ports


def _filtered(host: ET.Element) -> frozenset[int]:
    """TCP ports nmap found filtered: listed one by one, or summed up in ``<extraports>``."""
    listed = {
        int(port.get("portid", "0"))
        for port in host.findall("ports/port")
        if port.get("protocol") == "tcp"
        and (state := port.find("state")) is not None
        and state.get("state") == "filtered"
    }
    summed = {
        number
        for extra in host.findall("ports/extraports")
        if extra.get("state") == "filtered"
        for reason in extra.findall("extrareasons")
        if reason.get("proto", "tcp") == "tcp"
        for number in _port_list(reason.get("ports", ""))
    }
    return frozenset(listed | summed)


def _started(host: ET.Element) -> datetime | None:
    start = host.get("starttime", "")
    if not start.isdigit():
        return None
    return datetime.fromtimestamp(int(start), UTC).replace(tzinfo=None)


def hostname(host: ET.Element) -> str:
    """The name nmap gives a host: the one the user gave, else its PTR record."""
    names = host.findall("hostnames/hostname")
    for kind in ("user", "PTR"):
        for h in names:
            if h.get("type") == kind and h.get("name"):
                return h.get("name", "")
    return ""


def service(port: ET.Element) -> Service | None:
    """An open ``<port>`` as a :class:`Service`; None for a port not open."""
    state = port.find("state")
    if state is None or state.get("state") != "open":
        return None
    try:
        number = int(port.get("portid", ""))
    except ValueError:
        return None
    info = port.find("service")

    def attr(key: str) -> str:
        return "" if info is None else info.get(key, "")

    scripts = {s.get("id", ""): unescape(s.get("output", "")) for s in port.findall("script")}
    by_id = {s.get("id", ""): s for s in port.findall("script")}
    return Service(
        number,
        port.get("protocol", "tcp"),
        attr("name") or "unknown",
        attr("product"),
        attr("version"),
        attr("extrainfo"),
        attr("tunnel"),
        _ssh(by_id.get("ssh2-enum-algos")),
        _tls(by_id.get("ssl-enum-ciphers")),
        _certificate(by_id.get("ssl-cert")),
        scripts,
    )


def unescape(text: str) -> str:
    """Script output as the server sent it: nmap writes bytes outside printable ASCII as
    ``\\xC4\\x90``; runs of them are UTF-8 (a Vietnamese page title)."""

    def decode(match: re.Match[str]) -> str:
        return bytes.fromhex(match.group(0).replace("\\x", "")).decode("utf-8", "replace")

    return _ESCAPED.sub(decode, text)


def _elems(table: ET.Element | None) -> tuple[str, ...]:
    return () if table is None else tuple(e.text or "" for e in table.findall("elem"))


def _keyed(parent: ET.Element, key: str) -> ET.Element | None:
    return next((c for c in parent if c.get("key") == key), None)


def _text(parent: ET.Element | None, key: str) -> str:
    found = None if parent is None else _keyed(parent, key)
    return (found.text or "") if found is not None else ""


def _ssh(script: ET.Element | None) -> SshAlgorithms | None:
    if script is None:
        return None
    kinds = {field: _elems(_keyed(script, key)) for key, field in SSH_TABLES.items()}
    return SshAlgorithms(**kinds)


def _tls(script: ET.Element | None) -> Tls | None:
    if script is None:
        return None
    protocols: dict[str, tuple[Cipher, ...]] = {}
    warnings: dict[str, tuple[str, ...]] = {}
    for table in script.findall("table"):
        version = table.get("key", "")
        ciphers = _keyed(table, "ciphers")
        protocols[version] = tuple(
            Cipher(_text(c, "name"), _text(c, "strength"), _text(c, "kex_info"))
            for c in ([] if ciphers is None else ciphers.findall("table"))
        )
        warnings[version] = _elems(_keyed(table, "warnings"))
    return Tls(protocols, warnings, _text(script, "least strength"))


def _name(table: ET.Element | None) -> str:
    """A subject or issuer as ``commonName=x/organizationName=y`` (nmap's order)."""
    if table is None:
        return ""
    return "/".join(f"{e.get('key')}={e.text or ''}" for e in table.findall("elem"))


def _time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None) if text else None
    except ValueError:
        return None


def _certificate(script: ET.Element | None) -> Certificate | None:
    if script is None:
        return None
    validity = _keyed(script, "validity")
    pubkey = _keyed(script, "pubkey")
    bits = _text(pubkey, "bits")
    return Certificate(
        _name(_keyed(script, "subject")),
        _name(_keyed(script, "issuer")),
        _time(_text(validity, "notBefore")),
        _time(_text(validity, "notAfter")),
        _text(pubkey, "type"),
        int(bits) if bits.isdigit() else None,
        _text(script, "sig_algo"),
    )
