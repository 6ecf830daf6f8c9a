"""The scan service: open a scan in the store, audit its hosts, store each host as it finishes,
and finish the scan, also when it is interrupted. What is shown afterwards is read back from
the store, never from memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from auditor.errors import UsageError
from auditor.inventory import HostSpec, UnitNode, load_inventory
from auditor.metadata import SEVERITIES
from auditor.profiles import Profile
from auditor.results import HostReport
from auditor.runner import run_scan
from auditor.store import Store
from auditor.store.records import StoredScan
from auditor.transports import transport_factory
from auditor.transports.local import LOCAL_UNIT, local_host

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@dataclass(frozen=True)
class Targets:
    """The hosts of a scan, the unit tree they sit in, and the inventory they came from."""

    hosts: list[HostSpec]
    units: list[UnitNode]
    inventory_path: str | None = None
    inventory_digest: str | None = None


def targets(inventory: Path | None, names: Sequence[str] = ()) -> Targets:
    """The inventory's hosts (only those named, if any), or this machine without an inventory."""
    if inventory is None:
        if names:
            raise UsageError("--host needs an inventory (-i)")
        return Targets([local_host()], [LOCAL_UNIT])
    inv = load_inventory(inventory)
    specs = inv.hosts()
    unknown = sorted(set(names) - {s.name for s in specs})
    if unknown:
        raise UsageError(f"no host named {', '.join(unknown)} in the inventory")
    if names:
        specs = [s for s in specs if s.name in names]
    return Targets(specs, inv.units(), inv.path, inv.digest)


@dataclass(frozen=True)
class ScanRun:
    """How a scan ended: its id in the store, and whether it was interrupted."""

    scan_id: int
    interrupted: bool
    audited: int
    planned: int


def run_and_store(
    store: Store,
    chosen: Targets,
    profile: Profile,
    concurrency: int,
    trust_new_hosts: bool,
    on_host: Callable[[HostReport], None],
) -> ScanRun:
    """Audit ``chosen`` against ``profile``, writing each host to ``store`` as it finishes."""
    scan_id = store.begin_scan(
        profile.id,
        profile.digest,
        datetime.now(UTC),
        chosen.inventory_path,
        chosen.inventory_digest,
        chosen.units,
        len(chosen.hosts),
    )
    stored = 0

    def done(report: HostReport) -> None:
        nonlocal stored
        store.add_host(scan_id, report)
        stored += 1
        on_host(report)

    interrupted = False
    try:
        run_scan(chosen.hosts, profile, transport_factory(trust_new_hosts), concurrency, done)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        store.finish_scan(scan_id, datetime.now(UTC), interrupted)
    return ScanRun(scan_id, interrupted, stored, len(chosen.hosts))


def exit_code(scan: StoredScan, fail_on: str) -> int:
    """1 if a result at or above ``fail_on`` failed, else 3 if a host was not audited, else 0."""
    floor = SEVERITIES.index(fail_on)
    failing = any(
        r.status == "fail" and SEVERITIES.index(r.severity) >= floor
        for host in scan.hosts
        for r in host.results
    )
    if failing:
        return EXIT_FAILURES
    return EXIT_INCOMPLETE if any(h.status != "ok" for h in scan.hosts) else EXIT_OK
