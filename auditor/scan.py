"""The scan service: open a scan in the store, audit its hosts, store each host as it finishes,
and finish the scan, also when it is interrupted. What is shown afterwards is read back from
the store, never from memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.audit import ScanPlan
from auditor.errors import UsageError
from auditor.inventory import HostSpec, UnitNode, load_inventory
from auditor.messages import Message
from auditor.metadata import SEVERITIES
from auditor.profiles import Profile, load_profile, profile_paths
from auditor.registry import Check
from auditor.results import HostReport
from auditor.runner import Interruption, run_scan
from auditor.store.records import StoredScan
from auditor.transports import transport_factory
from auditor.transports.local import LOCAL_UNIT, local_host
from auditor.waivers import Waivers, ancestors_of, load_waivers

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported once the hosts have started
    from auditor.store.database import Store

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class StoppedBeforeStore(UsageError):
    """A second signal stopped the scan while its store was being opened: nothing is stored."""


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
    path = str(Path(inv.path).resolve())
    return Targets(specs, inv.units(), path, inv.digest, chosen_waivers)


def _waivers(path: Path | None) -> Waivers | None:
    return load_waivers(path) if path is not None else None


@dataclass(frozen=True)
class ScanRun:
    """How a scan ended: the store it is in and its id there, whether it was interrupted, how
    many of its planned hosts are stored (a resumed scan's earlier ones included), and what was
    wrong with its waivers."""

    store: Store
    scan_id: int
    interrupted: bool
    audited: int
    planned: int
    waiver_problems: tuple[Message, ...] = ()


def profile_ref(profile: Profile) -> str:
    """How a scan names its profile to load it again: a built-in profile's id, else the
    absolute path of its file."""
    if profile_paths().get(profile.id) == profile.path:
        return profile.id
    return str(profile.path.resolve())


def resume_targets(scan: StoredScan, checks: dict[str, Check]) -> tuple[Targets, Profile]:
    """The hosts ``scan`` planned but has not stored, with its unit tree and waivers, and its
    profile, loaded again from where the scan found them; refused when any of them changed
    since the scan began (or the scan predates resuming)."""
    if scan.planned_hosts is None or scan.profile_ref is None:
        raise UsageError(
            "scan {scan} was stored by an auditor that did not record its planned hosts; "
            "it cannot be resumed",
            scan=scan.id,
        )
    if scan.tool_version != __version__:
        raise UsageError(
            "scan {scan} began under auditor {then}, this is {now}; a scan is resumed by the "
            "release that began it",
            scan=scan.id, then=scan.tool_version, now=__version__,
        )  # fmt: skip
    if scan.inventory_path is None:
        chosen = targets(None)
    else:
        chosen = _same_inventory(scan, Path(scan.inventory_path))
    profile = load_profile(scan.profile_ref, checks)
    if profile.digest != scan.profile_digest:
        raise UsageError(
            "profile {profile} changed since scan {scan} began (differs in: {what}); "
            "resuming would judge its hosts by two profiles: start a new scan",
            profile=scan.profile_ref, scan=scan.id,
            what=_changes(scan.profile_content or {}, profile.content()),
        )  # fmt: skip
    known = {h.name: h for h in chosen.hosts}
    gone = [name for name in scan.planned_hosts if name not in known]
    if gone:
        raise UsageError(
            "scan {scan} planned hosts that are not here now: {names}", scan=scan.id, names=gone
        )
    missing = [known[name] for name in scan.missing()]
    return Targets(
        missing, chosen.units, scan.inventory_path, scan.inventory_digest, _same_waivers(scan)
    ), profile


def _same_inventory(scan: StoredScan, path: Path) -> Targets:
    if not path.is_file():
        raise UsageError(
            "the inventory of scan {scan}, {path}, is gone; it cannot be resumed",
            scan=scan.id, path=str(path),
        )  # fmt: skip
    inv = load_inventory(path)
    if inv.digest != scan.inventory_digest:
        raise UsageError(
            "inventory {path} changed since scan {scan} began (sha256 {then}… then, {now}… "
            "now); resuming would mix two inventories: start a new scan",
            path=str(path), scan=scan.id,
            then=(scan.inventory_digest or "")[:12], now=inv.digest[:12],
        )  # fmt: skip
    return Targets(inv.hosts(), inv.units())


def _same_waivers(scan: StoredScan) -> Waivers | None:
    if scan.waivers is None:
        return None
    path = Path(scan.waivers["path"])
    if not path.is_file():
        raise UsageError(
            "the waivers of scan {scan}, {path}, are gone; it cannot be resumed",
            scan=scan.id, path=str(path),
        )  # fmt: skip
    waivers = load_waivers(path)
    if waivers.digest != scan.waivers["digest"]:
        raise UsageError(
            "waivers {path} changed since scan {scan} began; resuming would apply two sets "
            "of waivers: start a new scan",
            path=str(path), scan=scan.id,
        )  # fmt: skip
    return waivers


def _changes(then: dict[str, Any], now: dict[str, Any], shown: int = 5) -> str:
    """The checks (by id) and the other parts of a profile's content that differ."""
    checks_then, checks_now = then.get("checks", {}), now.get("checks", {})
    parts = sorted(
        c for c in checks_then.keys() | checks_now.keys() if checks_then.get(c) != checks_now.get(c)
    )
    parts += sorted(k for k in (then.keys() | now.keys()) - {"checks"} if then.get(k) != now.get(k))
    more = len(parts) - shown
    return ", ".join(parts[:shown]) + (f" (+{more})" if more > 0 else "")


def begin(store: Store, chosen: Targets, profile: Profile) -> tuple[int, list[Message]]:
    """A new scan of ``chosen`` in ``store``, with its planned hosts; its id and what is wrong
    with its waivers."""
    waivers = chosen.waivers
    today = datetime.now(UTC).date()
    ancestors = ancestors_of(chosen.units)
    problems = waivers.problems(profile, chosen.hosts, ancestors, today) if waivers else []
    scan_id = store.begin_scan(
        profile.id,
        profile.digest,
        datetime.now(UTC),
        chosen.inventory_path,
        chosen.inventory_digest,
        chosen.units,
        len(chosen.hosts),
        profile.content(),
        waivers.to_json(problems) if waivers else None,
        profile_ref=profile_ref(profile),
        planned_hosts=[h.name for h in chosen.hosts],
    )
    return scan_id, problems


def apply_waivers(
    report: HostReport,
    waivers: Waivers | None,
    ancestors: dict[str, set[str]],
    profile: Profile,
    today: date,
) -> None:
    """Waive the report's failures that ``waivers`` cover, as of ``today``."""
    if waivers is not None:
        units = ancestors.get(report.spec.unit_id, {report.spec.unit_id})
        report.results = waivers.apply(report.results, report.spec, units, profile, today)


def run_and_store(
    open_store: Callable[[], Store],
    chosen: Targets,
    profile: Profile,
    concurrency: int,
    trust_new_hosts: bool,
    on_host: Callable[[HostReport], None],
    resume: StoredScan | None = None,
    on_stopping: Callable[[int], None] | None = None,
) -> ScanRun:
    """Audit ``chosen`` against ``profile``, applying its waivers to each host and writing the
    host to the store as it finishes: into a new scan, or into ``resume`` (whose planned hosts
    not stored yet are ``chosen``), judged as of the day that scan began. The store is opened
    (``open_store``) and the scan begun while the first hosts connect, so that a scan of one
    host does not wait for the database before it starts. SIGINT and SIGTERM stop it as
    :mod:`auditor.runner` says; the scan is then marked interrupted."""
    plan = ScanPlan.of(profile)
    ancestors = ancestors_of(chosen.units)
    waivers = chosen.waivers
    if resume is None:
        today = datetime.now(UTC).date()
        earlier, planned = 0, len(chosen.hosts)
    else:
        today = date.fromisoformat(resume.started[:10])
        earlier, planned = len(resume.hosts), len(resume.planned_hosts or ())
    opened: list[tuple[Store, int, list[Message]]] = []  # the store, the scan, waiver problems
    stored = 0

    def begin_in_store() -> None:
        store = open_store()
        if resume is None:
            opened.append((store, *begin(store, chosen, profile)))
        else:
            store.reopen_scan(resume.id)
            problems = (resume.waivers or {}).get("problems", [])
            opened.append((store, resume.id, [Message.from_json(p) for p in problems]))

    def done(report: HostReport) -> None:
        nonlocal stored
        store, scan_id, _ = opened[0]
        apply_waivers(report, waivers, ancestors, profile, today)
        store.add_host(scan_id, report)
        stored += 1
        on_host(report)

    factory = transport_factory(trust_new_hosts)
    interrupted = False
    try:
        with Interruption() as interruption:
            run_scan(
                chosen.hosts, plan, factory, concurrency, done, interruption, on_stopping,
                meanwhile=begin_in_store,
            )  # fmt: skip
        interrupted = interruption.requested
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if opened:
            opened[0][0].finish_scan(opened[0][1], datetime.now(UTC), interrupted)
    if not opened:
        raise StoppedBeforeStore("stopped at once, before the results store was opened: no scan")
    store, scan_id, problems = opened[0]
    return ScanRun(store, scan_id, interrupted, earlier + stored, planned, tuple(problems))


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
