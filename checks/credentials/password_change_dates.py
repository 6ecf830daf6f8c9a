"""No account's last password change lies in the future."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    today = facts["clock"] // DAY
    shadow = facts["shadow"]
    future = [e for e in shadow.values() if e.last_change is not None and e.last_change > today]
    if future:
        return failed(
            "accounts whose last password change is after today: {accounts}",
            [f"/etc/shadow: {e.redacted()}" for e in future],
            accounts=[f"{e.name} (+{e.last_change - today} days)" for e in future],
        )
    return passed(
        "no last password change of the {count} accounts is after today", count=len(shadow)
    )
