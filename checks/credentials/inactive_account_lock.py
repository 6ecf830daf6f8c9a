"""Accounts are locked when their password has been expired for too long."""

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
    text = defs.useradd.get("INACTIVE")
    evidence = [
        f"/etc/default/useradd: INACTIVE={text}"
        if text is not None
        else "INACTIVE not set in /etc/default/useradd (default -1: never)"
    ]
    problems = []
    default = int(text) if text is not None and text.lstrip("-").isdigit() else -1
    if default < 0 or default > limit:
        problems.append(Message.of("useradd default INACTIVE is {value}", value=default))
    for entry in facts["shadow"].values():
        if entry.state != "usable" or entry.expired_account(today):
            continue
        value = entry.inactive_days
        if value is None or value < 0 or value > limit:
            problems.append(
                Message.of("{name} inactive period none", name=entry.name)
                if value is None
                else Message.of("{name} inactive period {days}", name=entry.name, days=value)
            )
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if problems:
        return failed(
            "accounts not locked within {limit} days of password expiry: {problems}",
            evidence,
            limit=limit,
            problems=problems,
        )
    return passed(
        "accounts lock {limit} days or less after their password expires", evidence, limit=limit
    )
