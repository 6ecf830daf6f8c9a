"""Port lists for network scans: ``22,80,8000-8100`` (TCP), ``udp/161`` and ``top:N`` (the N
TCP ports nmap finds open most often, from its ``nmap-services`` file)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

NMAP_SERVICES = (Path("/usr/share/nmap/nmap-services"), Path("/usr/local/share/nmap/nmap-services"))

# Well-known ports, plus databases, remote desktops (VNC, RDP, TeamViewer, AnyDesk, RustDesk),
# web and admin ports above 1024, and SNMP over UDP.
DEFAULT_PORTS = (
    "1-1024,1433,1521,2049,3306,3389,5432,5800-5810,5900-5910,5938,6379,6568,7070,8000,8080,"
    "8443,9200,10000,21115-21119,27017,udp/161"
)


class PortSpecError(ValueError):
    """A port list that cannot be read."""


@dataclass(frozen=True)
class Ports:
    """TCP and UDP ports to scan."""

    tcp: frozenset[int]
    udp: frozenset[int] = frozenset()

    def __or__(self, other: Ports) -> Ports:
        return Ports(self.tcp | other.tcp, self.udp | other.udp)

    def nmap(self, udp: bool) -> str:
        """The ``-p`` argument: ``T:...`` and, when ``udp``, ``U:...``."""
        parts = [f"T:{_ranges(self.tcp)}"] if self.tcp else []
        if udp and self.udp:
            parts.append(f"U:{_ranges(self.udp)}")
        return ",".join(parts)


def _ranges(ports: frozenset[int]) -> str:
    """``1-3,7``: sorted ports as nmap ranges."""
    runs: list[list[int]] = []
    for port in sorted(ports):
        if runs and runs[-1][1] == port - 1:
            runs[-1][1] = port
        else:
            runs.append([port, port])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise PortSpecError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def _range(text: str) -> set[int]:
    low, sep, high = text.partition("-")
    first = _number(low)
    last = _number(high) if sep else first
    if last < first:
        raise PortSpecError(f"{text!r}: the range ends before it starts")
    return set(range(first, last + 1))


def parse_ports(spec: str) -> Ports:
    """The ports of a comma-separated list of ``N``, ``N-M``, ``udp/N[-M]`` and ``top:N``."""
    tcp: set[int] = set()
    udp: set[int] = set()
    for item in (i.strip() for i in spec.split(",")):
        if not item:
            continue
        if item.startswith("top:"):
            tcp.update(top_ports(_number(item.removeprefix("top:"))))
        elif item.startswith("udp/"):
            udp |= _range(item.removeprefix("udp/"))
        else:
            tcp |= _range(item.removeprefix("tcp/"))
    if not tcp and not udp:
        raise PortSpecError(f"{spec!r} names no port")
    return Ports(frozenset(tcp), frozenset(udp))


@functools.cache
def _frequencies() -> tuple[int, ...]:
    """TCP ports of nmap-services, most often open first."""
    path = next((p for p in NMAP_SERVICES if p.exists()), None)
    if path is None:
        raise PortSpecError("top:N needs nmap's nmap-services file, which is not installed")
    ranked = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split()
        if len(fields) >= 3 and not line.startswith("#") and fields[1].endswith("/tcp"):
            try:
                ranked.append((float(fields[2]), int(fields[1].split("/")[0])))
            except ValueError:
                continue
    ranked.sort(key=lambda item: -item[0])
    return tuple(port for _, port in ranked)


def top_ports(count: int) -> tuple[int, ...]:
    """The ``count`` TCP ports nmap ranks most often open (what ``--top-ports`` scans)."""
    return _frequencies()[:count]
