"""What auditing a host produces, before it is stored: per-check results and a snapshot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from auditor.inventory import HostSpec
from auditor.messages import Message
from auditor.snapshot import Snapshot

HOST_STATUSES = ("ok", "unreachable", "auth_failed", "error")


@dataclass(frozen=True)
class CheckResult:
    """One check's verdict on one host, with what it was judged on."""

    check_id: str
    area: str
    severity: str
    status: str
    message: Message
    evidence: tuple[str, ...] = ()
    original_status: str | None = None  # "fail" when a waiver in force made it "waived"
    waiver: dict[str, Any] | None = None  # the waiver that covered it (in force or expired)


@dataclass
class HostReport:
    """One host's audit: whether it could be audited, who it was, and the results."""

    spec: HostSpec
    started: datetime
    finished: datetime | None = None
    status: str = "ok"
    error: str | None = None
    hostname: str | None = None
    os: str | None = None
    kernel: str | None = None
    privileged: bool = False
    exec_count: int = 0
    snapshot: Snapshot | None = None
    results: list[CheckResult] = field(default_factory=list)
    network_xml: str | None = None  # nmap's <host> element for the address: the evidence

    @property
    def network_only(self) -> bool:
        """Audited from the network alone, by design (a device, or no login planned)."""
        return self.spec.network_only

    @property
    def duration(self) -> float | None:
        """Seconds the audit took."""
        return (self.finished - self.started).total_seconds() if self.finished else None


def iso(moment: datetime | None) -> str | None:
    """A timestamp as ISO 8601 to the second, as outputs and the store write it."""
    return moment.isoformat(timespec="seconds") if moment else None


QUARTER = re.compile(r"^\d{4}-Q[1-4]$")


def quarter_of(moment: date) -> str:
    """The calendar quarter, e.g. ``2026-Q4``."""
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
