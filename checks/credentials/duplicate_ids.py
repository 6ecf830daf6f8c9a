"""User and group names and ids are unique."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def _duplicates(pairs: Iterable[tuple[Any, Any]]) -> list[tuple[Any, list[Any]]]:
    """The keys shared by more than one entry, each with what shares it."""
    seen: dict[Any, list[Any]] = defaultdict(list)
    for key, value in pairs:
        seen[key].append(value)
    return [(key, values) for key, values in seen.items() if len(values) > 1]


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    accounts = facts["accounts"]
    found: list[Message] = []
    for uid, names in _duplicates((u.uid, u.name) for u in accounts.users if u.uid != 0):
        found.append(Message.of("UID {uid}: {names}", uid=uid, names=names))
    for name, uids in _duplicates((u.name, u.uid) for u in accounts.users):
        shown = ", ".join(f"UID {uid}" for uid in uids)
        found.append(Message.of("user name {name}: {uids}", name=name, uids=shown))
    for gid, names in _duplicates((g.gid, g.name) for g in accounts.groups):
        found.append(Message.of("GID {gid}: {names}", gid=gid, names=names))
    for name, gids in _duplicates((g.name, g.gid) for g in accounts.groups):
        shown = ", ".join(f"GID {gid}" for gid in gids)
        found.append(Message.of("group name {name}: {gids}", name=name, gids=shown))
    if found:
        evidence = [m.render("en") for m in found]
        return failed("shared identities: {found}", evidence, found=found)
    return passed(
        "{users} users and {groups} groups have unique names and ids "
        "(a second UID 0 is judged by uid0_accounts)",
        users=len(accounts.users),
        groups=len(accounts.groups),
    )
