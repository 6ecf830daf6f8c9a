"""Passwords cannot be changed again at once (which would defeat the history)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    limit = params["min_days"]
    defs = facts["login_defs"]
    today = facts["clock"] // DAY
    problems: list[Message] = []
    evidence = [defs.evidence("PASS_MIN_DAYS")]
    default = defs.number("PASS_MIN_DAYS")
    if default is None:
        problems.append(Message.of("login.defs PASS_MIN_DAYS is not set"))
    elif default < limit:
        problems.append(Message.of("login.defs PASS_MIN_DAYS is {value}", value=default))
    for entry in facts["shadow"].values():
        if entry.state != "usable" or entry.expired_account(today):
            continue
        if entry.min_days is None or entry.min_days < limit:
            problems.append(
                Message.of("{name} minimum age none", name=entry.name)
                if entry.min_days is None
                else Message.of("{name} minimum age {days}", name=entry.name, days=entry.min_days)
            )
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if problems:
        return failed(
            "password minimum age below {limit} day(s): {problems}",
            evidence,
            limit=limit,
            problems=problems,
        )
    return passed(
        "passwords are kept at least {limit} day(s) (login.defs and every account with a password)",
        evidence,
        limit=limit,
    )
