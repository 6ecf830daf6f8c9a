"""No security update may be pending in the host's package lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pkg_updates import Updates
from auditor.outcome import Outcome, errored, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    updates: Updates = facts["pkg_updates"]
    if updates.manager == "none":
        return skipped("no apt, dnf or yum on the host")
    note = updates.lists_note()
    if not updates.security_known and updates.updates:
        return errored(
            "{count} update(s) pending, but the repositories publish no security "
            "advisories (updateinfo), so security updates cannot be told apart",
            [note, *(u.describe() for u in updates.updates)],
            count=len(updates.updates),
        )
    pending = updates.security
    evidence = [note, *(u.describe() for u in pending)]
    if len(pending) > params["max_pending"]:
        names = [u.name for u in pending[:10]]
        if len(pending) > 10:
            return failed(
                "{count} security update(s) pending: {names} …",
                evidence,
                count=len(pending),
                names=names,
            )
        return failed(
            "{count} security update(s) pending: {names}",
            evidence,
            count=len(pending),
            names=names,
        )
    return passed(
        "{count} security update(s) pending ({manager})",
        evidence,
        count=len(pending),
        manager=updates.manager,
    )
