"""Every interactive account is on the unit's approved roster."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed, skipped

NOBODY_UID = 65534


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    target = facts["target"]
    if target.roster is None:
        return skipped("the inventory gives no approved account roster for this host")
    uid_min = facts["login_defs"].uid_min
    interactive = [
        u
        for u in facts["accounts"].users
        if u.has_login_shell and u.uid >= uid_min and u.uid != NOBODY_UID
    ]
    approved = {*target.roster, target.user}
    extra = [u for u in interactive if u.name not in approved]
    if extra:
        return failed(
            "interactive accounts not on the roster: {accounts}",
            [f"/etc/passwd: {u.line()}" for u in extra],
            accounts=[u.name for u in extra],
        )
    return passed(
        "all {count} interactive accounts are on the roster",
        [f"/etc/passwd: {u.line()}" for u in interactive],
        count=len(interactive),
    )
