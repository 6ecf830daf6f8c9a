"""No account may log in without a password."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    today = facts["clock"] // DAY
    shadow = facts["shadow"]
    found: dict[str, str] = {}
    for user in facts["accounts"].users:
        if user.password == "":
            found[user.name] = f"/etc/passwd: {user.line()}"
    for entry in shadow.values():
        if entry.state == "empty" and not entry.expired_account(today):
            found.setdefault(entry.name, f"/etc/shadow: {entry.redacted()}")
    if found:
        return failed(
            "accounts with an empty password: {accounts}",
            [found[name] for name in sorted(found)],
            accounts=sorted(found),
        )
    return passed("none of the {count} accounts has an empty password", count=len(shadow))
