"""Accounts without a login shell cannot log in: their passwords are locked and nologin is not
listed as a login shell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    accounts = facts["accounts"]
    shadow = facts["shadow"]
    problems: list[Message] = []
    evidence: list[str] = []
    open_ = [
        (u, entry)
        for u in accounts.users
        if u.name != "root"
        and not accounts.interactive(u)
        and (entry := shadow.get(u.name)) is not None
        and entry.usable
    ]
    if open_:
        problems.append(
            Message.of(
                "accounts without a login shell whose password is not locked: {accounts}",
                accounts=[f"{u.name} ({u.shell or 'no shell'})" for u, _ in open_],
            )
        )
        evidence += [f"/etc/shadow: {e.redacted()}" for _, e in open_]
    listed = [s for s in accounts.shells or () if s.rsplit("/", 1)[-1] == "nologin"]
    if listed:
        problems.append(Message.of("/etc/shells lists {shells} as a login shell", shells=listed))
        evidence += [f"/etc/shells: {s}" for s in listed]
    if problems:
        return failed(
            "accounts without a login shell can log in: {problems}", evidence, problems=problems
        )
    if accounts.shells is None:
        return passed(
            "every account without a login shell has a locked password (there is no /etc/shells)"
        )
    return passed(
        "every account without a login shell has a locked password and /etc/shells does not "
        "list nologin"
    )
