"""The ``listening_sockets`` fact: listening TCP and UDP sockets with their owning processes (``ss
-tulpn``)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.facts.base import FactError, Raw, collector, sections, whole_number

WILDCARDS = frozenset({"0.0.0.0", "::", "*", ""})

LOCALHOST = frozenset({"127.0.0.1", "::1", "localhost"})


@lru_cache(maxsize=4096)
def _loopback_address(address: str) -> bool:
    """Whether ``address`` is a loopback address (IPv4-mapped ones included). Remembered: the
    same few addresses recur on every host, and several checks ask of every socket."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


@dataclass(frozen=True)
class Socket:
    """One listening TCP socket or unconnected UDP socket."""

    proto: str
    address: str
    port: int
    interface: str = ""
    owners: tuple[str, ...] = ()

    @property
    def wildcard(self) -> bool:
        return self.address in WILDCARDS

    @property
    def loopback(self) -> bool:
        return self.interface == "lo" or _loopback_address(self.address)

    @property
    def key(self) -> str:
        """``tcp/22``: the protocol and port, as allow-lists name them."""
        return f"{self.proto}/{self.port}"

    def describe(self) -> str:
        addr = f"[{self.address}]" if ":" in self.address else self.address or "*"
        iface = f"%{self.interface}" if self.interface else ""
        owner = ",".join(self.owners) if self.owners else "no visible process"
        return f"{self.proto} {addr}{iface}:{self.port} ({owner})"


@dataclass(frozen=True)
class SocketTable:
    """Listening sockets of the host and how they were read."""

    sockets: tuple[Socket, ...]
    as_root: bool
    source: str  # "ss" (owners shown) or "proc" (/proc/net, no owners)

    def relevant(self, target_address: str) -> tuple[list[Socket], list[str]]:
        """Sockets that belong to the host and are reachable from the network, and notes.

        Kept: sockets bound to a wildcard address, to the target's address (unless it is
        localhost, as when the scanner audits its own machine) or to any non-loopback address.
        Left out, and said so in the notes: loopback-only sockets on other addresses (reachable
        from the host only), and, when ``ss`` ran as root, sockets that no visible process owns
        (they belong to another PID namespace sharing the network stack).
        """
        kept: list[Socket] = []
        local: list[Socket] = []
        foreign: list[Socket] = []
        for s in self.sockets:
            own = s.address == target_address and target_address not in LOCALHOST
            mine = own or (s.wildcard and s.interface != "lo")
            if not mine and s.loopback:
                local.append(s)
                continue
            if self.source == "ss" and self.as_root and not s.owners:
                foreign.append(s)
                continue
            kept.append(s)
        notes = []
        if local:
            notes.append(f"not judged, loopback only: {len(local)} socket(s)")
        if foreign:
            shown = ", ".join(s.describe() for s in foreign[:5])
            notes.append(
                f"not judged, owned by no process visible to root (another PID namespace): {shown}"
                + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            )
        if self.source == "proc":
            notes.append("ss is missing: sockets read from /proc/net without owning processes")
        elif not self.as_root:
            notes.append("not run as root: owners of other users' sockets are not shown")
        return kept, notes


def port_spec_matches(spec: str | int, proto: str, port: int) -> bool:
    """Whether ``tcp/22``, ``udp/68``, ``22`` (both protocols) or ``tcp/5900-5999`` covers it."""
    text = str(spec).strip().lower()
    wanted, _, ports = text.rpartition("/")
    if wanted and wanted != proto:
        return False
    low, _, high = ports.partition("-")
    if not low.isdigit() or (high and not high.isdigit()):
        raise ValueError(f"bad port specification {spec!r}: use tcp/22, udp/68, 22 or tcp/1-9")
    return int(low) <= port <= int(high or low)


def matches_any(specs: list[str | int], proto: str, port: int) -> bool:
    return any(port_spec_matches(spec, proto, port) for spec in specs)


LISTENING_SCRIPT = """
if is_root; then echo root=yes; else echo root=no; fi
if command -v ss >/dev/null 2>&1; then
  sec ss
  ss -tulpn 2>&1 | head -n 5000
else
  for f in tcp tcp6 udp udp6; do sec proc $f; head -n 5000 /proc/net/$f 2>/dev/null; done
fi
"""

_USERS = re.compile(r'\("([^"]*)",pid=(\d+)')


def _split_endpoint(text: str) -> tuple[str, str, int]:
    """Address, interface and port of an ss endpoint such as ``[::1]%lo:53``."""
    host, _, digits = text.rpartition(":")
    port = whole_number(digits)
    if port is None:
        raise FactError(f"unexpected ss endpoint {text!r}")
    interface = ""
    if "%" in host:
        host, _, interface = host.partition("%")
        interface = interface.rstrip("]")
    host = host.strip("[]")
    return host, interface, port


def _parse_ss(lines: list[str]) -> list[Socket]:
    sockets = []
    for line in lines:
        fields = line.split()
        if fields and fields[0].startswith(("Cannot", "Error", "ss:")):
            raise FactError(f"ss failed: {line.strip()}")
        if len(fields) < 5 or fields[0] not in {"tcp", "udp"}:
            continue
        address, interface, port = _split_endpoint(fields[4])
        owners = tuple(dict.fromkeys(name for name, _ in _USERS.findall(line)))
        sockets.append(Socket(fields[0], address, port, interface, owners))
    return sockets


def _hex_address(text: str) -> str | None:
    """An address of /proc/net/{tcp,udp}[6]: 32-bit words in host (little-endian) order; None
    when ``text`` is not one."""
    try:
        raw = bytes.fromhex(text)
        words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
        return str(ipaddress.ip_address(words))
    except ValueError:
        return None


def _parse_proc(name: str, lines: list[str]) -> list[Socket]:
    proto = "tcp" if name.startswith("tcp") else "udp"
    sockets = []
    for line in lines[1:]:
        fields = line.split()
        if len(fields) < 4 or ":" not in fields[1]:
            continue
        local, remote, state = fields[1], fields[2], fields[3]
        if (proto == "tcp" and state != "0A") or (proto == "udp" and state != "07"):
            continue
        if proto == "udp" and not remote.endswith(":0000"):
            continue
        address, _, port = local.partition(":")
        host = _hex_address(address)
        if host is None or not re.fullmatch(r"[0-9A-Fa-f]{1,4}", port):
            continue  # a line garbled in transit
        sockets.append(Socket(proto, host, int(port, 16)))
    return sockets


@collector("listening_sockets", LISTENING_SCRIPT)
def parse_listening_sockets(raw: Raw) -> SocketTable:
    """Listening TCP and UDP sockets with their owning processes (``ss -tulpn``)."""
    first, _, _ = raw.stdout.partition("\n")
    parts = sections(raw.stdout)
    ss = [lines for name, _, lines in parts if name == "ss"]
    if ss:
        return SocketTable(tuple(_parse_ss(ss[-1])), first == "root=yes", "ss")
    sockets = [s for name, arg, lines in parts if name == "proc" for s in _parse_proc(arg, lines)]
    if not parts:
        raise FactError("neither ss nor /proc/net could be read")
    return SocketTable(tuple(sockets), first == "root=yes", "proc")
