"""Host reports as the runner hands them to the store, for tests that need no real host."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from auditor.inventory import UnitNode
from auditor.messages import Message
from auditor.results import CheckResult, HostReport
from auditor.snapshot import Account, AuthorizedKey, Service, Snapshot
from auditor.store.database import Store, StoredScan
from tests.specs import host_spec

STARTED = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


def result(check_id: str, status: str, severity: str = "high", area: str = "credentials",
           template: str = "{check} is {status}", **args: Any) -> CheckResult:  # fmt: skip
    """A result whose message names its check and status unless told otherwise."""
    args = args or {"check": check_id, "status": status}
    return CheckResult(check_id, area, severity, status, Message.of(template, **args),
                       (f"evidence of {check_id}",))  # fmt: skip


def snapshot(
    accounts: tuple[Account, ...] = (Account("root", 0, "/bin/bash", True),),
    keys: tuple[AuthorizedKey, ...] = (),
    services: tuple[Service, ...] = (Service("tcp", "0.0.0.0", 22, "sshd"),),
) -> Snapshot:
    return Snapshot("Debian GNU/Linux 12 (bookworm)", 400, accounts, keys, services)


def report(name: str, results: list[CheckResult], status: str = "ok", unit: str = "u",
           snap: Snapshot | None = None, **spec: Any) -> HostReport:  # fmt: skip
    """A host of unit ``unit`` audited in 2.5 s, as root, with one exec request."""
    rep = HostReport(host_spec(name, unit_id=unit, **spec), STARTED, status=status)
    rep.finished = STARTED + timedelta(seconds=2.5)
    if status == "ok":
        rep.hostname, rep.os, rep.kernel = name, "Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64"
        rep.privileged, rep.exec_count = True, 1
        rep.snapshot = snap or snapshot()
    else:
        rep.error = f"connection to {rep.spec.address}:22 refused"
    rep.results = results
    return rep


def stored_scan(
    tmp_path: Path, reports: list[HostReport], units: list[UnitNode] | None = None,
    content: dict[str, Any] | None = None,
) -> StoredScan:  # fmt: skip
    """The reports written to a new SQLite store as one scan, and read back."""
    store = Store(str(tmp_path / "scan.sqlite"))
    units = units or [UnitNode("u", "U")]
    scan_id = store.begin_scan("p", "d", STARTED, None, None, units, len(reports), content)
    for rep in reports:
        store.add_host(scan_id, rep)
    store.finish_scan(scan_id, STARTED, False)
    scan = store.load(scan_id)
    store.close()
    return scan
