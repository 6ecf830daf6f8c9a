"""Passwords cannot be changed again at once (which would defeat the history)."""

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
    problems, evidence = [], [defs.evidence("PASS_MIN_DAYS")]
    default = defs.number("PASS_MIN_DAYS")
    if default is None or default < limit:
        problems.append(f"login.defs PASS_MIN_DAYS is {'not set' if default is None else default}")
    for entry in facts["shadow"].values():
        if entry.state != "usable" or entry.expired_account(today):
            continue
        if entry.min_days is None or entry.min_days < limit:
            shown = "none" if entry.min_days is None else entry.min_days
            problems.append(f"{entry.name} minimum age {shown}")
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if problems:
        return failed(f"password minimum age below {limit} day(s): {'; '.join(problems)}", evidence)
    return passed(
        f"passwords are kept at least {limit} day(s) (login.defs and every account "
        "with a password)",
        evidence,
    )
