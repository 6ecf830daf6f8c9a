"""The ``ip_addresses`` fact: addresses configured on the host's interfaces
(``ip -o addr show``)."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector, whole_number


@dataclass(frozen=True)
class Address:
    """An address configured on an interface."""

    interface: str
    address: str
    prefix: int
    scope: str


@collector("ip_addresses", "ip -o addr show 2>&1 || echo NO-IP")
def parse_ip_addresses(raw: Raw) -> tuple[Address, ...]:
    """Addresses configured on the host's interfaces (``ip -o addr show``)."""
    if raw.stdout.strip().endswith("NO-IP"):
        raise FactError("ip -o addr show failed: " + raw.stdout.strip().splitlines()[0])
    found = []
    for line in raw.stdout.splitlines():
        fields = line.split()
        if len(fields) < 4 or fields[2] not in {"inet", "inet6"}:
            continue
        address, _, prefix = fields[3].partition("/")
        bits = whole_number(prefix or "0")
        if bits is None:
            continue
        scope = fields[fields.index("scope") + 1] if "scope" in fields[:-1] else ""
        found.append(Address(fields[1].rstrip(":"), address, bits, scope))
    return tuple(found)
