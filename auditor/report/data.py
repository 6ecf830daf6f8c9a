"""What a report says, gathered from the store: the latest audit of each host in the period,
the same for the periods before it, the requirement roll-ups, the ranking of units, findings
and their changes, changes in accounts and privileges, waivers, answers and the remediation plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from auditor.diff import ScanDiff, diff_scans
from auditor.errors import UsageError
from auditor.inventory import UnitNode
from auditor.metadata import SEVERITIES
from auditor.report.period import Period
from auditor.report.plan import InspectionPlan
from auditor.rollup import ASSESSED, Rollup, combine, rollup, score
from auditor.store.records import Answer, StoredHost, StoredResult, StoredScan

if TYPE_CHECKING:
    from auditor.store.database import Store

TREND_PERIODS = 4
TREND_SERIES = 8


def period_scan(
    store: Store, period: Period, profile: str | None
) -> tuple[StoredScan, list[int]] | None:
    """One scan made of the latest audit of each host among the scans that started in the
    period (and finished): the unit tree and profile of the newest of them; and their ids."""
    start, end = period.bounds()
    ids = store.finished_between(start, end, profile)
    if not ids:
        return None
    scans = [store.load(i) for i in ids]
    newest = scans[-1]
    hosts: dict[str, StoredHost] = {}
    units: dict[str, UnitNode] = {}
    for scan in scans:
        hosts.update({h.name: h for h in scan.hosts})
        units.update({u.id: u for u in scan.units})
    for u in newest.units:
        units[u.id] = u
    planned = max(s.hosts_planned or len(s.hosts) for s in scans)
    ordered = sorted(hosts.values(), key=lambda h: (h.unit_id, h.name))
    merged = replace(
        newest, hosts=tuple(ordered), units=tuple(units.values()),
        hosts_planned=max(planned, len(ordered)),
    )  # fmt: skip
    return merged, ids


def in_scope(scan: StoredScan, unit_ids: Sequence[str]) -> StoredScan:
    """The scan narrowed to the units named and the units below them."""
    if not unit_ids:
        return scan
    unknown = [u for u in unit_ids if scan.unit(u) is None]
    if unknown:
        raise UsageError("no unit {names} in the scans of the period", names=unknown)
    keep = set().union(*(scan.descendants(u) for u in unit_ids))
    return replace(
        scan,
        units=tuple(u for u in scan.units if u.id in keep),
        hosts=tuple(h for h in scan.hosts if h.unit_id in keep),
    )


@dataclass(frozen=True)
class UnitStanding:
    """A unit's compliance in the period and the one before."""

    unit: UnitNode
    hosts: int
    audited: int
    requirements_met: float | None  # share of assessed requirements met (waivers count)
    checks_passing: float | None  # share of judged results passing, waivers counting
    previous: float | None
    rank: int = 0

    @property
    def change(self) -> float | None:
        if self.requirements_met is None or self.previous is None:
            return None
        return self.requirements_met - self.previous


def own_share(r: Rollup, unit_id: str) -> float | None:
    """Share of the unit's assessed requirements that are met (waived failures counted as
    met), judged on its own hosts and answers only: how the unit itself is ranked."""
    states = []
    for req in r.requirements:
        if req.manual:
            states.append(r.units[unit_id][req.id].state if unit_id in r.units else "")
            continue
        own = [r.hosts[h.name][req.id].state for h in r.scan.hosts if h.unit_id == unit_id]
        states.append(combine(own))
    assessed = [s for s in states if s in (*ASSESSED, "not_assessed")]
    if not assessed:
        return None
    return sum(s in ("met", "met_with_waivers") for s in assessed) / len(assessed)


def standings(
    current: Rollup, previous: Rollup | None, units: Sequence[UnitNode]
) -> list[UnitStanding]:
    """Units ranked on their own hosts by the share of requirements met, then of checks
    passing; the change is against the same share the period before."""
    found = []
    for unit in units:
        hosts = tuple(h for h in current.scan.hosts if h.unit_id == unit.id)
        before = own_share(previous, unit.id) if previous and unit.id in previous.units else None
        found.append(
            UnitStanding(
                unit,
                len(hosts),
                sum(h.status == "ok" for h in hosts),
                own_share(current, unit.id),
                score(replace(current.scan, hosts=hosts), with_waivers=True),
                before,
            )
        )
    order = sorted(
        found,
        key=lambda s: (-(s.requirements_met or 0), -(s.checks_passing or 0), s.unit.id),
    )
    return [replace(s, rank=i + 1) for i, s in enumerate(order)]


@dataclass(frozen=True)
class Finding:
    """A failing check and the hosts it fails on."""

    check_id: str
    severity: str
    area: str
    hosts: tuple[StoredHost, ...]
    results: tuple[StoredResult, ...]


def findings(scan: StoredScan) -> list[Finding]:
    """Failing checks by severity (most severe first), with the hosts affected."""
    by_check: dict[str, list[tuple[StoredHost, StoredResult]]] = {}
    for host in scan.hosts:
        for r in host.results:
            if r.status == "fail":
                by_check.setdefault(r.check_id, []).append((host, r))
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    found = [
        Finding(cid, pairs[0][1].severity, pairs[0][1].area, tuple(h for h, _ in pairs),
                tuple(r for _, r in pairs))
        for cid, pairs in by_check.items()
    ]  # fmt: skip
    return sorted(found, key=lambda f: (order[f.severity], -len(f.hosts), f.check_id))


@dataclass(frozen=True)
class Remedy:
    """A finding to fix on a host: who must fix it and by when."""

    host: StoredHost
    result: StoredResult
    owner: str
    due: date | None


def remediation(scan: StoredScan, plan: InspectionPlan | None, start: date) -> list[Remedy]:
    """Every failure, with its owner (the host's owner, else its unit) and due date."""
    found = []
    for f in findings(scan):
        for host, r in zip(f.hosts, f.results, strict=True):
            unit = scan.unit(host.unit_id)
            owner = host.owner or (unit.owner if unit and unit.owner else None) or (
                unit.name if unit else host.unit_id)  # fmt: skip
            found.append(Remedy(host, r, owner, plan.due(r.severity, start) if plan else None))
    return found


@dataclass(frozen=True)
class Trend:
    """Compliance (share of requirements met) of the ranked units, period by period."""

    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]


@dataclass
class ReportData:
    """Everything the record and the report show, for one scope and period."""

    period: Period
    scan: StoredScan
    rollup: Rollup
    previous: StoredScan | None
    previous_rollup: Rollup | None
    diff: ScanDiff | None
    standings: list[UnitStanding]
    findings: list[Finding]
    remediation: list[Remedy]
    trend: Trend
    answers: list[Answer]
    plan: InspectionPlan | None
    issued: date
    scan_ids: list[int]
    missing: list[str] = field(default_factory=list)  # what the plan does not say

    def coverage(self, hosts: Sequence[StoredHost] | None = None) -> Counter[str]:
        """Hosts planned, audited over SSH, audited from the network only (devices and
        ``network_only`` entries), unreachable, in error, audited without root: of the whole
        scope, or of the ``hosts`` of one record (planned: the hosts stored for it)."""
        planned = self.scan.hosts_planned or len(self.scan.hosts)
        if hosts is None or len(hosts) == len(self.scan.hosts):
            hosts = self.scan.hosts
        else:
            planned = len(hosts)
        return Counter(
            planned=planned,
            audited=sum(h.status == "ok" and not h.network_only for h in hosts),
            network_only=sum(h.status == "ok" and h.network_only for h in hosts),
            unreachable=sum(h.status in ("unreachable", "auth_failed") for h in hosts),
            error=sum(h.status == "error" for h in hosts),
            not_privileged=sum(h.without_root for h in hosts),
        )

    def waivers(self, state: str) -> list[tuple[StoredHost, StoredResult]]:
        """(host, result) of every result whose waiver is ``in_force`` or ``expired``."""
        return [
            (h, r) for h in self.scan.hosts for r in h.results
            if r.waiver and r.waiver["state"] == state
        ]  # fmt: skip


PLAN_FIELDS = ("agency", "place", "date", "decision", "team", "period", "deadlines")


def _missing(plan: InspectionPlan | None) -> list[str]:
    if plan is None:
        return ["plan"]
    return [name for name in PLAN_FIELDS if not getattr(plan, name)]


def inspected_units(data: ReportData) -> list[UnitNode]:
    """The units a record is drawn up for: those of the plan, else every unit holding hosts."""
    if data.plan and data.plan.units:
        return [u for u in data.scan.units if u.id in data.plan.units]
    return holding_units(data.scan)


def record_hosts(data: ReportData) -> dict[str, list[StoredHost]]:
    """The hosts each inspected unit's record and annex cover: the unit's own and those of the
    units below it that are not inspected themselves, so that every host is in one record."""
    covered: dict[str, list[StoredHost]] = {u.id: [] for u in inspected_units(data)}
    for host in data.scan.hosts:
        owner = next((u for u in data.scan.ancestors(host.unit_id) if u in covered), None)
        if owner is not None:
            covered[owner].append(host)
    return covered


def holding_units(scan: StoredScan) -> list[UnitNode]:
    """The units that hold hosts themselves: those that are ranked."""
    holding = {h.unit_id for h in scan.hosts}
    return [u for u in scan.units if u.id in holding]


def gather(
    store: Store,
    period: Period,
    plan: InspectionPlan | None,
    unit_ids: Sequence[str],
    profile: str | None,
    issued: date,
) -> ReportData:
    """The report's data for ``period`` and the units in scope (all, when none is named)."""
    scope = list(unit_ids) or (plan.units if plan else [])
    chosen_profile = profile or (plan.profile if plan else None)
    found = period_scan(store, period, chosen_profile)
    if found is None:
        if chosen_profile:
            raise UsageError(
                "no finished scan against profile {profile} in {period} in {where}",
                profile=chosen_profile,
                period=period.label,
                where=store.where,
            )
        raise UsageError(
            "no finished scan in {period} in {where}", period=period.label, where=store.where
        )
    current, scan_ids = in_scope(found[0], scope), found[1]
    answers = [a for a in store.answers(period.label) if current.unit(a.unit_id)] if (
        period.kind == "quarter") else []  # fmt: skip
    rolled = rollup(current, answers)
    previous_period = period.previous()
    before = period_scan(store, previous_period, current.profile)
    previous, previous_rollup = None, None
    if before is not None:
        previous = in_scope(before[0], [u for u in scope if before[0].unit(u)])
        previous_answers = store.answers(previous_period.label) if period.kind == "quarter" else []
        previous_rollup = rollup(previous, previous_answers)
    trend = _trend(store, period, current, {period: rolled, previous_period: previous_rollup})
    start = issued
    return ReportData(
        period=period,
        scan=current,
        rollup=rolled,
        previous=previous,
        previous_rollup=previous_rollup,
        diff=diff_scans(previous, current) if previous is not None else None,
        standings=standings(rolled, previous_rollup, holding_units(current)),
        findings=findings(current),
        remediation=remediation(current, plan, start),
        trend=trend,
        answers=answers,
        plan=plan,
        issued=issued,
        scan_ids=scan_ids,
        missing=_missing(plan),
    )


def _trend(
    store: Store, period: Period, current: StoredScan, known: dict[Period, Rollup | None]
) -> Trend:
    """The ranked units' shares over the periods up to ``period``; the roll-ups in ``known``
    were made already and are not read again."""
    periods = period.last(TREND_PERIODS)
    ranked = holding_units(current)[:TREND_SERIES]
    series: dict[str, list[float | None]] = {u.id: [] for u in ranked}
    for p in periods:
        if p in known:
            r = known[p]
        else:
            found = period_scan(store, p, current.profile)
            answers = store.answers(p.label) if p.kind == "quarter" else []
            r = rollup(found[0], answers) if found else None
        for u in ranked:
            series[u.id].append(own_share(r, u.id) if r and u.id in r.units else None)
    names = {u.id: u.name for u in ranked}
    return Trend(
        tuple(p.label for p in periods),
        tuple((names[uid], tuple(values)) for uid, values in series.items()),
    )
