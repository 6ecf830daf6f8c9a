"""Requirement roll-up of a stored scan: for each host and each unit, whether every requirement
of the scan's profile is met, met with waivers, not fully met, or not assessed.

On a host, a requirement is judged on the checks that evidence it for the host's role: any
failure makes it ``not_met``; otherwise a check that could not judge (or a host that could not
be audited) makes it ``not_assessed``; otherwise a waived failure makes it
``met_with_waivers``; otherwise a pass makes it ``met``; a requirement for other roles, or whose
checks all skip, is ``not_applicable``. A unit combines its hosts and the units below it the
same way. A manual requirement is judged on the inspectors' answers for the unit (an answer for
a unit covers the units below it); with no answer it is ``not_assessed``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import UsageError
from auditor.store.records import Answer, StoredHost, StoredScan

STATES = ("met", "met_with_waivers", "not_met", "not_assessed", "not_applicable")
ASSESSED = ("met", "met_with_waivers", "not_met")


@dataclass(frozen=True)
class RequirementSpec:
    """A requirement as the scan's stored profile states it."""

    id: str
    title: Mapping[str, str]
    clause: str
    roles: tuple[str, ...]
    manual: bool
    questions: tuple[Mapping[str, str], ...]
    checks: Mapping[str, tuple[str, ...]]  # role -> check ids

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RequirementSpec:
        checks: dict[str, list[str]] = {}
        for e in data["evidence"]:
            for role in e["roles"]:
                checks.setdefault(role, [])
                if e["check"] not in checks[role]:
                    checks[role].append(e["check"])
        return cls(
            data["id"], data["title"], data["clause"], tuple(data["roles"]), data["manual"],
            tuple(data["questions"]), {r: tuple(c) for r, c in checks.items()},
        )  # fmt: skip


def requirements_of(scan: StoredScan) -> list[RequirementSpec]:
    """The requirements of the profile the scan was judged against."""
    if scan.profile_content is None:
        raise UsageError(
            "scan {scan} has no stored requirement mapping (an older scan)", scan=scan.id
        )
    return [RequirementSpec.from_json(r) for r in scan.profile_content["requirements"]]


def combine(states: Iterable[str]) -> str:
    """One state from several: the worst that counts."""
    found = set(states) - {"not_applicable"}
    for state in ("not_met", "not_assessed", "met_with_waivers", "met"):
        if state in found:
            return state
    return "not_applicable"


@dataclass(frozen=True)
class HostState:
    state: str
    failing: tuple[str, ...] = ()  # checks that fail (waived ones excluded)
    waived: tuple[str, ...] = ()
    unjudged: tuple[str, ...] = ()


def host_state(host: StoredHost, req: RequirementSpec) -> HostState:
    if req.manual or host.role not in req.roles:
        return HostState("not_applicable")
    checks = req.checks.get(host.role, ())
    if host.status != "ok":
        return HostState("not_assessed", unjudged=checks)
    by_id = {r.check_id: r for r in host.results}
    statuses = {c: by_id[c].status if c in by_id else "error" for c in checks}
    failing = tuple(c for c, s in statuses.items() if s == "fail")
    waived = tuple(c for c, s in statuses.items() if s == "waived")
    unjudged = tuple(c for c, s in statuses.items() if s == "error")
    if failing:
        state = "not_met"
    elif unjudged:
        state = "not_assessed"
    elif waived:
        state = "met_with_waivers"
    elif "pass" in statuses.values():
        state = "met"
    else:
        state = "not_applicable"
    return HostState(state, failing, waived, unjudged)


@dataclass
class UnitState:
    """A requirement in a unit with the units below it: its state and how many hosts (or, for a
    manual requirement, answers) are in each state."""

    state: str
    counts: Counter[str] = field(default_factory=Counter)
    answers: list[Answer] = field(default_factory=list)


@dataclass(frozen=True)
class Rollup:
    """Every requirement of a scan per host and per unit."""

    scan: StoredScan
    requirements: tuple[RequirementSpec, ...]
    hosts: dict[str, dict[str, HostState]]  # host -> requirement -> state
    units: dict[str, dict[str, UnitState]]  # unit -> requirement -> state
    answers: Mapping[tuple[str, str], Answer]  # (unit, requirement) -> answer

    def totals(self, unit_id: str) -> Counter[str]:
        """How many requirements of the unit are in each state."""
        return Counter(s.state for s in self.units[unit_id].values())

    def group(self, hosts: Sequence[StoredHost], unit_id: str) -> dict[str, UnitState]:
        """Each requirement over ``hosts``, a manual one on the answers for their units (for
        ``unit_id`` when none of them has the requirement's role)."""
        states: dict[str, UnitState] = {}
        for req in self.requirements:
            if req.manual:
                holding = {h.unit_id for h in hosts if h.role in req.roles}
                states[req.id] = self._answered(holding or {unit_id}, req)
            else:
                counts = Counter(self.hosts[h.name][req.id].state for h in hosts)
                states[req.id] = UnitState(combine(counts), counts)
        return states

    def _answered(self, unit_ids: set[str], req: RequirementSpec) -> UnitState:
        """A manual requirement in the units named: the answer for each unit or, failing
        that, for the nearest unit above it."""
        found: list[Answer] = []
        states = []
        for unit in sorted(unit_ids):
            answer = next(
                (
                    self.answers[(u, req.id)]
                    for u in self.scan.ancestors(unit)
                    if (u, req.id) in self.answers
                ),
                None,
            )
            if answer is None:
                states.append("not_assessed")
                continue
            if answer not in found:
                found.append(answer)
            states.append(answer.result)
        return UnitState(combine(states), Counter(states), found)


def rollup(scan: StoredScan, answers: Sequence[Answer] = ()) -> Rollup:
    """The roll-up of ``scan`` with the inspectors' answers of its quarter."""
    requirements = tuple(requirements_of(scan))
    by_unit = {(a.unit_id, a.requirement_id): a for a in answers}
    per_host = {h.name: {r.id: host_state(h, r) for r in requirements} for h in scan.hosts}
    result = Rollup(scan, requirements, per_host, {}, by_unit)
    for unit in scan.units:
        below = scan.descendants(unit.id)
        members = [h for h in scan.hosts if h.unit_id in below]
        result.units[unit.id] = result.group(members, unit.id)
    return result


def score(scan: StoredScan, with_waivers: bool) -> float | None:
    """Share of judged results that pass; with waivers, waived failures count as passing."""
    counts = Counter(r.status for h in scan.hosts for r in h.results)
    judged = counts["pass"] + counts["fail"] + counts["waived"]
    if not judged:
        return None
    good = counts["pass"] + (counts["waived"] if with_waivers else 0)
    return good / judged
