"""What listens on this machine's (shared) network stack, read from /proc/net/{tcp,udp}*."""

from __future__ import annotations

import ipaddress
from pathlib import Path

# Socket states of a bound, listening socket in the kernel's tables.
_LISTENING = {"tcp": "0A", "udp": "07"}


def _decode(hex_address: str) -> tuple[str, int]:
    address, port = hex_address.split(":")
    raw = bytes.fromhex(address)
    # The kernel prints each 32-bit word in host (little-endian) order.
    raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    ip = ipaddress.ip_address(raw)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return str(ip), int(port, 16)


def parse_listeners(text: str, protocol: str = "tcp") -> set[tuple[str, int]]:
    """(address, port) of listening sockets in a /proc/net/{tcp,udp}[6] table."""
    found = set()
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) > 3 and fields[3] == _LISTENING[protocol]:
            found.add(_decode(fields[1]))
    return found


def listeners(protocol: str = "tcp") -> set[tuple[str, int]]:
    """Every (address, port) something listens on (TCP) or is bound to (UDP)."""
    found: set[tuple[str, int]] = set()
    for name in (protocol, f"{protocol}6"):
        path = Path("/proc/net") / name
        if path.exists():
            found |= parse_listeners(path.read_text(), protocol)
    return found


def port_taken(address: str, port: int, taken: set[tuple[str, int]]) -> bool:
    """True when a listener in ``taken`` would clash with binding ``address:port``."""
    return any(port == p and a in (address, "0.0.0.0", "::") for a, p in taken)
