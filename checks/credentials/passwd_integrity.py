"""/etc/passwd keeps no password and names only groups that exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    accounts = facts["accounts"]
    gids = {g.gid for g in accounts.groups}
    unshadowed = [u for u in accounts.users if u.password != "x"]
    orphans = [u for u in accounts.users if u.gid not in gids]
    problems: list[Message] = []
    if unshadowed:
        problems.append(
            Message.of(
                "accounts whose password is not in /etc/shadow: {users}",
                users=[u.name for u in unshadowed],
            )
        )
    if orphans:
        problems.append(
            Message.of(
                "accounts whose group is not in /etc/group: {users}",
                users=[f"{u.name} (GID {u.gid})" for u in orphans],
            )
        )
    if problems:
        evidence = [f"/etc/passwd: {u.line()}" for u in dict.fromkeys(unshadowed + orphans)]
        return failed("/etc/passwd is inconsistent: {problems}", evidence, problems=problems)
    return passed(
        "the {count} accounts of /etc/passwd keep their passwords in /etc/shadow and belong to "
        "existing groups",
        count=len(accounts.users),
    )
