"""The scan service: open a scan in the store, audit its hosts, store each host as it finishes,
and finish the scan, also when it is interrupted. What is shown afterwards is read back from
the store, never from memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from auditor.audit import ScanPlan
from auditor.errors import UsageError
from auditor.inventory import HostSpec, UnitNode, load_inventory
from auditor.messages import Message
from auditor.metadata import SEVERITIES
from auditor.profiles import Profile
from auditor.results import HostReport
from auditor.runner import run_scan
from auditor.store import Store
from auditor.store.records import StoredScan
from auditor.transports import transport_factory
from auditor.transports.local import LOCAL_UNIT, local_host
from auditor.waivers import Waivers, ancestors_of, load_waivers

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@dataclass(frozen=True)
class Targets:
    """The hosts of a scan, the unit tree they sit in, and the inventory they came from."""

    hosts: list[HostSpec]
    units: list[UnitNode]
    inventory_path: str | None = None
    inventory_digest: str | None = None
    waivers: Waivers | None = None


def targets(
    inventory: Path | None, names: Sequence[str] = (), waivers: Path | None = None
) -> Targets:
    """The inventory's hosts (only those named, if any), or this machine without an inventory;
    with the waivers file given, else the one the inventory names."""
    if inventory is None:
        if names:
            raise UsageError("--host needs an inventory (-i)")
        return Targets([local_host()], [LOCAL_UNIT], waivers=_waivers(waivers))
    inv = load_inventory(inventory)
    specs = inv.hosts()
    unknown = sorted(set(names) - {s.name for s in specs})
    if unknown:
        raise UsageError("no host named {names} in the inventory", names=unknown)
    if names:
        specs = [s for s in specs if s.name in names]
    chosen_waivers = _waivers(waivers or inv.waivers_path())
    return Targets(specs, inv.units(), inv.path, inv.digest, chosen_waivers)


def _waivers(path: Path | None) -> Waivers | None:
    return load_waivers(path) if path is not None else None


@dataclass(frozen=True)
class ScanRun:
    """How a scan ended: its id in the store, whether it was interrupted, and what was wrong
    with its waivers."""

    scan_id: int
    interrupted: bool
    audited: int
    planned: int
    waiver_problems: tuple[Message, ...] = ()


def run_and_store(
    store: Store,
    chosen: Targets,
    profile: Profile,
    concurrency: int,
    trust_new_hosts: bool,
    on_host: Callable[[HostReport], None],
) -> ScanRun:
    """Audit ``chosen`` against ``profile``, applying its waivers to each host and writing the
    host to ``store`` as it finishes."""
    plan = ScanPlan.of(profile)
    started = datetime.now(UTC)
    today = started.date()
    ancestors = ancestors_of(chosen.units)
    waivers = chosen.waivers
    problems = waivers.problems(profile, chosen.hosts, ancestors, today) if waivers else []
    scan_id = store.begin_scan(
        profile.id,
        profile.digest,
        started,
        chosen.inventory_path,
        chosen.inventory_digest,
        chosen.units,
        len(chosen.hosts),
        profile.content(),
        waivers.to_json(problems) if waivers else None,
    )
    stored = 0

    def done(report: HostReport) -> None:
        nonlocal stored
        if waivers is not None:
            units = ancestors.get(report.spec.unit_id, {report.spec.unit_id})
            report.results = waivers.apply(report.results, report.spec, units, profile, today)
        store.add_host(scan_id, report)
        stored += 1
        on_host(report)

    interrupted = False
    try:
        run_scan(chosen.hosts, plan, transport_factory(trust_new_hosts), concurrency, done)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        store.finish_scan(scan_id, datetime.now(UTC), interrupted)
    return ScanRun(scan_id, interrupted, stored, len(chosen.hosts), tuple(problems))


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
