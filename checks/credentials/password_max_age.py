"""Passwords must be changed within the maximum age."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    limit = params["max_days"]
    defs = facts["login_defs"]
    today = facts["clock"] // DAY
    problems, evidence = [], [defs.evidence("PASS_MAX_DAYS")]
    default = defs.number("PASS_MAX_DAYS")
    if default is None or default < 0 or default > limit:
        shown = "not set" if default is None else str(default)
        problems.append(f"login.defs PASS_MAX_DAYS is {shown}")
    for entry in facts["shadow"].values():
        if entry.state != "usable" or entry.expired_account(today):
            continue
        value = entry.max_days
        if value is None or value < 0 or value > limit:
            problems.append(f"{entry.name} maximum age {'none' if value is None else value}")
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if problems:
        return failed(f"password age above {limit} days: {'; '.join(problems)}", evidence)
    return passed(
        f"passwords expire within {limit} days (login.defs and every account with a password)",
        evidence,
    )
