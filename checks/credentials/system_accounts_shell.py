"""System accounts cannot be used to open a shell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed

NOBODY_UID = 65534


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    uid_min = facts["login_defs"].uid_min
    found = [
        u
        for u in facts["accounts"].users
        if (0 < u.uid < uid_min or u.uid == NOBODY_UID)
        and u.has_login_shell
        and u.name not in params["exempt"]
    ]
    if found:
        return failed(
            "system accounts (UID below {uid_min}) with a login shell: {accounts}",
            [f"/etc/passwd: {u.line()}" for u in found],
            uid_min=uid_min,
            accounts=[f"{u.name} ({u.shell})" for u in found],
        )
    return passed(
        "no system account (UID 1-{uid_max}) has a login shell "
        "(UID 0 accounts are judged by uid0_accounts)",
        uid_max=uid_min - 1,
    )
