"""Pending updates of any kind stay within a tolerated number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pkg_updates import Updates
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    updates: Updates = facts["pkg_updates"]
    if updates.manager == "none":
        return skipped("no apt, dnf or yum on the host")
    pending = updates.updates
    evidence = [updates.lists_note(), *(u.describe() for u in pending)]
    limit = params["max_pending"]
    if len(pending) > limit:
        if updates.security_known:
            return failed(
                "{count} update(s) pending ({security} security), more than {limit}",
                evidence,
                count=len(pending),
                security=len(updates.security),
                limit=limit,
            )
        return failed(
            "{count} update(s) pending (security unknown), more than {limit}",
            evidence,
            count=len(pending),
            limit=limit,
        )
    return passed(
        "{count} update(s) pending, at most {limit} tolerated",
        evidence,
        count=len(pending),
        limit=limit,
    )
