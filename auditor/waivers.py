"""Waivers: exceptions a unit head signed for, applied after judging, never hiding a result.

A waiver names a check or a requirement (every check evidencing it), selects hosts by name,
unit (with the units below it), tag or role (all of a waiver's selectors must match; none
means every host), and carries a justification, who approved it, when, and until when. A
failure covered by a waiver in force is reported ``waived``: it keeps its original status,
message and evidence and names the waiver. An expired waiver no longer applies, and the failure
says which waiver expired and when. Waivers that match nothing, have no expiry, or expire more
than a year ahead are reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from auditor.errors import Invalid, ValidationFailed
from auditor.inventory import HostSpec, UnitNode
from auditor.messages import Message
from auditor.metadata import Role
from auditor.profiles import Profile
from auditor.results import CheckResult
from auditor.yamlfile import line_of, read_yaml, validation_problems

LONGEST = timedelta(days=366)


class WaiverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    check: str | None = None
    requirement: str | None = None
    hosts: list[str] = []
    units: list[str] = []
    tags: list[str] = []
    roles: list[Role] = []
    justification: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    created: date
    expires: date | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> WaiverEntry:
        if (self.check is None) == (self.requirement is None):
            raise Invalid("a waiver names either a check or a requirement")
        if self.expires is not None and self.expires < self.created:
            raise Invalid("expires is before created")
        return self


class WaiversFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[WaiverEntry]


@dataclass(frozen=True)
class Waiver:
    """A waiver of a file, numbered from 1 in the order written."""

    number: int
    entry: WaiverEntry
    line: int | None

    @property
    def subject(self) -> str:
        return self.entry.check or f"requirement {self.entry.requirement}"

    def selects(self, host: HostSpec, units: set[str]) -> bool:
        """Whether the selectors match ``host``, whose unit and its ancestors are ``units``."""
        e = self.entry
        return (
            (not e.hosts or host.name in e.hosts)
            and (not e.units or bool(units & set(e.units)))
            and (not e.tags or bool(set(host.tags) & set(e.tags)))
            and (not e.roles or host.role in e.roles)
        )

    def covers(self, check_id: str, role: str, profile: Profile) -> bool:
        if self.entry.check is not None:
            return self.entry.check == check_id
        requirement = profile.requirement(self.entry.requirement or "")
        return requirement is not None and check_id in requirement.check_ids(role)

    def in_force(self, today: date) -> bool:
        return self.entry.expires is None or self.entry.expires >= today

    def note(self, today: date) -> dict[str, Any]:
        """What a result keeps of the waiver that covered it."""
        e = self.entry
        return {
            "number": self.number,
            "check": e.check,
            "requirement": e.requirement,
            "justification": e.justification,
            "approved_by": e.approved_by,
            "created": e.created.isoformat(),
            "expires": e.expires.isoformat() if e.expires else None,
            "state": "in_force" if self.in_force(today) else "expired",
        }


@dataclass(frozen=True)
class Waivers:
    """The waivers of one file."""

    path: str
    digest: str
    items: tuple[Waiver, ...]

    def apply(
        self, results: Iterable[CheckResult], host: HostSpec, units: set[str], profile: Profile,
        today: date,
    ) -> list[CheckResult]:  # fmt: skip
        """The host's results with its failures waived by waivers in force; a failure whose
        only waivers expired stays a failure and names the expired waiver."""
        chosen = [w for w in self.items if w.selects(host, units)]
        out = []
        for r in results:
            matching = [
                w for w in chosen if r.status == "fail" and w.covers(r.check_id, host.role, profile)
            ]
            live = [w for w in matching if w.in_force(today)]
            if live:
                r = replace(r, status="waived", original_status="fail", waiver=live[0].note(today))
            elif matching:
                r = replace(r, waiver=matching[-1].note(today))
            out.append(r)
        return out

    def problems(
        self, profile: Profile, hosts: Sequence[HostSpec], ancestors: dict[str, set[str]],
        today: date,
    ) -> list[Message]:  # fmt: skip
        """Waivers that match nothing, name what the profile lacks, have no expiry, expire more
        than a year ahead, or have expired."""
        found = []
        for w in self.items:
            e, n, line, subject = w.entry, w.number, w.line, w.subject
            if e.check is not None and e.check not in {c.id for c in profile.checks}:
                found.append(Message.of(
                    "waiver {n} (line {line}): the profile does not run {subject}",
                    n=n, line=line, subject=subject))  # fmt: skip
            elif e.requirement is not None and profile.requirement(e.requirement) is None:
                found.append(Message.of(
                    "waiver {n} (line {line}): the profile has no {subject}",
                    n=n, line=line, subject=subject))  # fmt: skip
            elif not any(
                w.selects(h, ancestors.get(h.unit_id, {h.unit_id}))
                and (e.check is None or h.role in profile.selection.get(e.check, ()))
                for h in hosts
            ):
                found.append(Message.of(
                    "waiver {n} (line {line}) for {subject} matches no host of the scan",
                    n=n, line=line, subject=subject))  # fmt: skip
            if e.expires is None:
                found.append(Message.of(
                    "waiver {n} (line {line}) for {subject} has no expiry date",
                    n=n, line=line, subject=subject))  # fmt: skip
            elif e.expires > today + LONGEST:
                found.append(Message.of(
                    "waiver {n} (line {line}) for {subject} expires on {expires}, "
                    "more than a year ahead",
                    n=n, line=line, subject=subject, expires=e.expires.isoformat()))  # fmt: skip
            elif not w.in_force(today):
                found.append(Message.of(
                    "waiver {n} (line {line}) for {subject} expired on {expires}",
                    n=n, line=line, subject=subject, expires=e.expires.isoformat()))  # fmt: skip
        return found

    def to_json(self, problems: Sequence[Message]) -> dict[str, Any]:
        """The file as a scan keeps it, with the problems found at scan time."""
        return {
            "path": self.path,
            "digest": self.digest,
            "waivers": [
                {**w.entry.model_dump(mode="json"), "number": w.number} for w in self.items
            ],
            "problems": [p.to_json() for p in problems],
        }


def load_waivers(path: Path) -> Waivers:
    """Read and validate a waivers file; ValidationFailed lists every problem with its line."""
    data, root = read_yaml(path)
    try:
        model = WaiversFile.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(str(path), validation_problems(path, root, exc)) from None
    items = tuple(
        Waiver(i + 1, entry, line_of(root, ("waivers", i))) for i, entry in enumerate(model.waivers)
    )
    return Waivers(str(path), hashlib.sha256(path.read_bytes()).hexdigest(), items)


def ancestors_of(units: Sequence[UnitNode]) -> dict[str, set[str]]:
    """Each unit id with the ids of the units above it."""
    parent = {u.id: u.parent_id for u in units}
    found: dict[str, set[str]] = {}
    for unit in units:
        chain, current = set(), unit.id
        while current is not None and current not in chain:
            chain.add(current)
            current = parent.get(current)
        found[unit.id] = chain
    return found
