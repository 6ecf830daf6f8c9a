"""Passwords must be changed within the maximum age."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    limit = params["max_days"]
    defs = facts["login_defs"]
    today = facts["clock"] // DAY
    problems: list[Message] = []
    evidence = [defs.evidence("PASS_MAX_DAYS")]
    default = defs.number("PASS_MAX_DAYS")
    if default is None:
        problems.append(Message.of("login.defs PASS_MAX_DAYS is not set"))
    elif default < 0 or default > limit:
        problems.append(Message.of("login.defs PASS_MAX_DAYS is {value}", value=default))
    for entry in facts["shadow"].values():
        if entry.state != "usable" or entry.expired_account(today):
            continue
        value = entry.max_days
        if value is None or value < 0 or value > limit:
            problems.append(
                Message.of("{name} maximum age none", name=entry.name)
                if value is None
                else Message.of("{name} maximum age {days}", name=entry.name, days=value)
            )
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if problems:
        return failed(
            "password age above {limit} days: {problems}", evidence, limit=limit, problems=problems
        )
    return passed(
        "passwords expire within {limit} days (login.defs and every account with a password)",
        evidence,
        limit=limit,
    )
