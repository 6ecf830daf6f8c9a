"""Users are warned before their password expires."""

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
    evidence = [defs.evidence("PASS_WARN_AGE")]
    default = defs.number("PASS_WARN_AGE")
    if default is None:
        problems.append(Message.of("login.defs PASS_WARN_AGE is not set"))
    elif default < limit:
        problems.append(Message.of("login.defs PASS_WARN_AGE is {value}", value=default))
    for entry in facts["shadow"].values():
        if entry.state != "usable" or entry.expired_account(today):
            continue
        if entry.warn_days is None or entry.warn_days < limit:
            problems.append(
                Message.of("{name} warning period none", name=entry.name)
                if entry.warn_days is None
                else Message.of(
                    "{name} warning period {days}", name=entry.name, days=entry.warn_days
                )
            )
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if problems:
        return failed(
            "password expiry warning under {limit} days: {problems}",
            evidence,
            limit=limit,
            problems=problems,
        )
    return passed(
        "users are warned {limit} days or more before their password expires",
        evidence,
        limit=limit,
    )
