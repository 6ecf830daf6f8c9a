"""No account appears in the team's list of leaked credentials."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.list_files import ListFile
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.passwords import TESTER


def read_leaks(entries: tuple[str, ...]) -> dict[str, list[str]]:
    """``username`` or ``username:password`` entries -> the leaked passwords."""
    leaks: dict[str, list[str]] = {}
    for line in entries:
        name, sep, password = line.partition(":")
        leaks.setdefault(name.strip(), [])
        if sep and password:
            leaks[name.strip()].append(password)
    return leaks


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    listed: ListFile | None = params["path"]
    if listed is None:
        return skipped("no leaked-credentials file is configured (parameter path)")
    path, leaks = listed.path, read_leaks(listed.entries)
    shadow = facts["shadow"]
    found, evidence = [], []
    for user in facts["accounts"].users:
        if user.name not in leaks:
            continue
        entry = shadow.get(user.name)
        name = user.name
        if entry is None:
            found.append(Message.of("{name} (password not in /etc/shadow)", name=name))
        elif not entry.usable:
            found.append(Message.of("{name} (password {state})", name=name, state=entry.state))
        elif entry.state == "empty":
            found.append(Message.of("{name} (password empty)", name=name))
        elif not leaks[name]:
            found.append(Message.of("{name} (no leaked password given)", name=name))
        elif reason := TESTER.unsupported_reason(entry.password):
            found.append(
                Message.of(
                    "{name} (leaked password not tested: {reason})", name=name, reason=reason
                )
            )
        elif any(TESTER.verify(entry.password, pw) for pw in leaks[name]):
            found.append(Message.of("{name} (the leaked password still works)", name=name))
        else:
            found.append(Message.of("{name} (the leaked password no longer works)", name=name))
        evidence.append(
            f"/etc/shadow: {entry.redacted()}" if entry else f"/etc/passwd: {user.line()}"
        )
    if found:
        return failed("accounts named in {path}: {found}", evidence, path=path, found=found)
    return passed(
        "none of the {count} names in {path} is an account on this host",
        count=len(leaks),
        path=path,
    )
