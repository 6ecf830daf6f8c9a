"""GID 0 belongs to group root and to the primary group of root only; the shadow group has no
members."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    accounts = facts["accounts"]
    problems: list[Message] = []
    evidence: list[str] = []
    users = [u for u in accounts.users if u.gid == 0 and u.name not in params["gid0_users"]]
    if users:
        problems.append(Message.of("primary group GID 0: {users}", users=[u.name for u in users]))
        evidence += [f"/etc/passwd: {u.line()}" for u in users]
    groups = [g for g in accounts.groups if g.gid == 0 and g.name != "root"]
    if groups:
        problems.append(
            Message.of(
                "groups other than root with GID 0: {groups}", groups=[g.name for g in groups]
            )
        )
        evidence += [f"/etc/group: {g.name}:x:{g.gid}:{','.join(g.members)}" for g in groups]
    for name in params["empty_groups"]:
        members = accounts.members(name)
        if members:
            problems.append(
                Message.of("group {group} has members: {users}", group=name, users=members)
            )
            evidence += [
                f"/etc/group: {g.name}:x:{g.gid}:{','.join(g.members)}"
                for g in accounts.groups
                if g.name == name
            ]
    if problems:
        return failed("privileged groups given out: {problems}", evidence, problems=problems)
    return passed("GID 0 is only root's and {groups} has no member", groups=params["empty_groups"])
