"""A stored scan as read back: what every output and report renders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from auditor.errors import UsageError
from auditor.inventory import UnitNode
from auditor.messages import Message
from auditor.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class StoredResult:
    """One check's verdict on one host; its message is rendered when shown."""

    check_id: str
    area: str
    severity: str
    status: str
    message: Message
    evidence: tuple[str, ...]
    original_status: str | None = None
    waiver: dict[str, Any] | None = None


@dataclass(frozen=True)
class StoredHost:
    """A host as it was at scan time, and its results."""

    name: str
    address: str
    port: int
    role: str
    unit_id: str
    owner: str | None
    tags: tuple[str, ...]
    status: str
    error: str | None
    hostname: str | None
    os: str | None
    kernel: str | None
    privileged: bool | None
    exec_count: int | None
    started: str
    finished: str | None
    duration: float | None  # seconds the audit took
    snapshot: Snapshot | None
    results: tuple[StoredResult, ...]
    network_only: bool = False  # audited from the network alone (a device, or no login)

    @property
    def not_judged(self) -> int:
        """Checks that could not judge this host (``error`` results)."""
        return sum(r.status == "error" for r in self.results)

    @property
    def without_root(self) -> bool:
        """Logged in and audited, but the facts were gathered without root (None: not recorded,
        not assumed)."""
        return self.status == "ok" and self.privileged is False and not self.network_only

    def caveat(self) -> Message | None:
        """What a reader of an ``ok`` host must know: that it was audited without root, and how
        many checks that left unjudged, or from the network only; None for a host audited as
        root or not audited."""
        if self.network_only and self.status == "ok":
            return Message.of(
                "audited from the network only (no login): {count} network checks",
                count=len(self.results),
            )
        if not self.without_root:
            return None
        if not self.not_judged:
            return Message.of("audited without root; every check could still be judged")
        return Message.of(
            "audited without root: {count} of {total} checks could not be judged",
            count=self.not_judged,
            total=len(self.results),
        )


@dataclass(frozen=True)
class StoredScan:
    """A scan with its unit tree as it was and every host stored so far."""

    id: int
    started: str
    finished: str | None
    quarter: str
    profile: str
    profile_digest: str | None
    profile_content: dict[str, Any] | None
    inventory_path: str | None
    inventory_digest: str | None
    tool_version: str
    hosts_planned: int | None
    interrupted: bool
    waivers: dict[str, Any] | None
    units: tuple[UnitNode, ...]
    hosts: tuple[StoredHost, ...]
    profile_ref: str | None = None
    planned_hosts: tuple[str, ...] | None = None  # None: stored before scans could be resumed

    @property
    def incomplete(self) -> bool:
        """Never finished (the scanner was killed) or interrupted: it may be resumed."""
        return self.finished is None or self.interrupted

    def missing(self) -> list[str]:
        """The planned hosts not stored yet, in planned order."""
        stored = {h.name for h in self.hosts}
        return [name for name in self.planned_hosts or () if name not in stored]

    def unit(self, unit_id: str) -> UnitNode | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def unit_path(self, unit_id: str) -> tuple[str, ...]:
        """Unit names from the top of the tree down to ``unit_id``."""
        names: list[str] = []
        current = self.unit(unit_id)
        while current is not None and len(names) <= len(self.units):
            names.append(current.name)
            current = self.unit(current.parent_id) if current.parent_id else None
        return tuple(reversed(names)) or (unit_id,)

    def ancestors(self, unit_id: str) -> list[str]:
        """``unit_id`` and the units above it, nearest first."""
        chain = [unit_id]
        while len(chain) <= len(self.units):
            unit = self.unit(chain[-1])
            if unit is None or unit.parent_id is None:
                break
            chain.append(unit.parent_id)
        return chain

    def top_units(self) -> list[UnitNode]:
        """Units with no parent in the scan: the tops of its tree."""
        return [u for u in self.units if u.parent_id is None or self.unit(u.parent_id) is None]

    def descendants(self, unit_id: str) -> set[str]:
        """``unit_id`` and every unit below it."""
        found = {unit_id}
        grew = True
        while grew:
            below = {u.id for u in self.units if u.parent_id in found}
            grew = not below <= found
            found |= below
        return found

    def select(
        self,
        hosts: Iterable[str] = (),
        unit: str | None = None,
        statuses: Iterable[str] = (),
    ) -> StoredScan:
        """The scan narrowed to some hosts, a unit with its children, and result statuses;
        a host or unit the scan does not have is an error."""
        names, wanted = set(hosts), set(statuses)
        unknown = sorted(names - {h.name for h in self.hosts})
        if unknown:
            raise UsageError("no host named {names} in scan {scan}", names=unknown, scan=self.id)
        if unit is not None and self.unit(unit) is None:
            raise UsageError("no unit {unit!r} in scan {scan}", unit=unit, scan=self.id)
        units = self.descendants(unit) if unit else None
        kept = []
        for h in self.hosts:
            if (names and h.name not in names) or (units is not None and h.unit_id not in units):
                continue
            if wanted:
                h = replace(h, results=tuple(r for r in h.results if r.status in wanted))
            kept.append(h)
        return replace(self, hosts=tuple(kept))


@dataclass(frozen=True)
class ScanSummary:
    """A past scan as listed by ``auditor history``."""

    id: int
    started: str
    finished: str | None
    quarter: str
    profile: str
    hosts: int
    audited: int
    failures: int
    interrupted: bool


@dataclass(frozen=True)
class Answer:
    """An inspector's answer to a manual requirement for one unit in one quarter."""

    quarter: str
    unit_id: str
    requirement_id: str
    result: str  # met, not_met or not_applicable
    note: str | None
    inspector: str
    inspected_on: str
    source: str
