"""The host refreshed its package lists recently, so pending updates are known."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pkg_updates import Updates
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    updates: Updates = facts["pkg_updates"]
    clock: int = facts["clock"]
    if updates.manager == "none":
        return skipped("no apt, dnf or yum on the host")
    if updates.metadata_time is None:
        where = (
            "no /var/lib/apt/lists/*Release file"
            if updates.manager == "apt"
            else "no repomd.xml under /var/cache/dnf or /var/cache/yum"
        )
        return failed("no cached package lists: the host has never downloaded them", [where])
    days = (clock - updates.metadata_time) / 86400
    limit = params["max_age_days"]
    evidence = [updates.lists_note(), *updates.metadata_files]
    if days > limit:
        return failed(
            "package lists are {days} days old (more than {limit}): updates published "
            "since then are unknown to the host",
            evidence,
            days=f"{days:.0f}",
            limit=limit,
        )
    return passed("package lists refreshed {days} day(s) ago", evidence, days=f"{days:.0f}")
