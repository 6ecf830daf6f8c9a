"""What a worker needs to audit a host of a queued scan, read from the store alone: the
profile rebuilt from the content the scan stored, its waivers and unit tree, the day it is
judged as of. A worker has neither the inventory nor the profile file the scan began with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from auditor import __version__
from auditor.audit import ScanPlan
from auditor.errors import UsageError
from auditor.inventory import UnitNode
from auditor.local_rules import LocalRule, rule_check
from auditor.metadata import Text
from auditor.profiles import ROLES, Evidence, Profile, ProfileModel, ResolvedRequirement, SourceRef
from auditor.registry import Check
from auditor.store.database import Store
from auditor.store.tables import scans, units
from auditor.waivers import Waiver, WaiverEntry, Waivers, ancestors_of


class JobRefused(UsageError):
    """A job this worker must not run (another release, a profile it cannot rebuild)."""


@dataclass(frozen=True)
class StoredProfile(Profile):
    """A profile rebuilt from a scan's stored content: each check's parameters per role are
    those the scan resolved when it began."""

    resolved: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def params_for(self, check: Check, role: str | None = None) -> dict[str, Any]:
        by_role = self.resolved.get(check.id, {})
        if role in by_role:
            return dict(by_role[role])
        return super().params_for(check, role)


@dataclass(frozen=True)
class ScanContext:
    """A queued scan as its jobs need it."""

    scan_id: int
    planned: int
    profile: Profile
    plan: ScanPlan
    waivers: Waivers | None
    ancestors: dict[str, set[str]]
    today: date


def load_context(store: Store, scan_id: int, catalogue: dict[str, Check]) -> ScanContext:
    """The scan's context; :class:`JobRefused` when this worker's release is not the scan's or
    the profile it rebuilds differs from the one the scan began with."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(scans).where(scans.c.id == scan_id)).one_or_none()
        unit_rows = conn.execute(
            sa.select(units).where(units.c.scan_id == scan_id).order_by(units.c.position)
        ).all()
    if row is None:
        raise JobRefused("no scan {scan} in {where}", scan=scan_id, where=store.where)
    if row.tool_version != __version__:
        raise JobRefused(
            "scan {scan} began under auditor {then}, this worker is {now}; its hosts are "
            "audited by workers of the release that began it",
            scan=scan_id, then=row.tool_version, now=__version__,
        )  # fmt: skip
    profile = stored_profile(row.profile_content or {}, row.profile_ref or row.profile, catalogue)
    if profile.digest != row.profile_digest:
        raise JobRefused(
            "the profile of scan {scan} cannot be rebuilt by this worker: its checks differ "
            "from those the scan began with",
            scan=scan_id,
        )
    tree = [UnitNode(u.unit_id, u.name, u.parent_id, u.owner) for u in unit_rows]
    return ScanContext(
        scan_id,
        row.hosts_planned,
        profile,
        ScanPlan.of(profile),
        stored_waivers(row.waivers),
        ancestors_of(tree),
        date.fromisoformat(row.started[:10]),
    )


def stored_profile(content: dict[str, Any], ref: str, catalogue: dict[str, Check]) -> Profile:
    """The profile whose :meth:`Profile.content` is ``content``, its checks taken from
    ``catalogue`` (and its local rules); refused when a check is not in this release."""
    catalogue = dict(catalogue)
    rules = tuple(LocalRule.model_validate(r) for r in content.get("rules", []))
    for rule in rules:
        catalogue[rule.id] = rule_check(rule, ref)
    resolved: dict[str, dict[str, dict[str, Any]]] = content.get("checks", {})
    missing = sorted(set(resolved) - catalogue.keys())
    if missing:
        raise JobRefused("this worker has no check {names}", names=missing)
    model = ProfileModel.model_validate(
        {k: content.get(k) for k in ("id", "title", "standard", "level")}
    )
    return StoredProfile(
        model,
        Path(ref),
        tuple(catalogue[c] for c in sorted(resolved)),
        tuple(_requirement(r, model.id) for r in content.get("requirements", [])),
        {c: tuple(r for r in ROLES if r in roles) for c, roles in resolved.items()},
        {},
        rules,
        tuple(content.get("chain", [])),
        resolved=resolved,
    )


def _requirement(data: dict[str, Any], profile_id: str) -> ResolvedRequirement:
    return ResolvedRequirement(
        data["id"],
        Text.model_validate(data["title"]),
        Text.model_validate(data["description"]),
        data["clause"],
        tuple(data["roles"]),
        data["manual"],
        tuple(Text.model_validate(q) for q in data["questions"]),
        tuple(
            Evidence(
                e["check"],
                tuple(e["roles"]),
                e["parameters"],
                SourceRef.model_validate(e["source"]) if e["source"] else None,
            )
            for e in data["evidence"]
        ),
        profile_id,
    )


def stored_waivers(data: dict[str, Any] | None) -> Waivers | None:
    """The waivers a scan stored (:meth:`Waivers.to_json`)."""
    if data is None:
        return None
    items = []
    for item in data["waivers"]:
        entry = {k: v for k, v in item.items() if k != "number"}
        items.append(Waiver(item["number"], WaiverEntry.model_validate(entry), None))
    return Waivers(data["path"], data["digest"], tuple(items))
