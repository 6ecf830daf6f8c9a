"""Users are warned before their password expires."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    limit = params["min_days"]
    defs = facts["login_defs"]
    today = facts["clock"] // DAY
    problems, evidence = [], [defs.evidence("PASS_WARN_AGE")]
    default = defs.number("PASS_WARN_AGE")
    if default is None or default < limit:
        problems.append(f"login.defs PASS_WARN_AGE is {'not set' if default is None else default}")
    for entry in facts["shadow"].values():
        if entry.state != "usable" or entry.expired_account(today):
            continue
        if entry.warn_days is None or entry.warn_days < limit:
            shown = "none" if entry.warn_days is None else entry.warn_days
            problems.append(f"{entry.name} warning period {shown}")
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if problems:
        return failed(
            f"password expiry warning under {limit} days: {'; '.join(problems)}", evidence
        )
    return passed(f"users are warned {limit} days or more before their password expires", evidence)
