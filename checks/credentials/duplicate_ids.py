"""User and group names and ids are unique."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def _duplicates(what: str, pairs: Iterable[tuple[Any, str]]) -> list[str]:
    seen: dict[Any, list[str]] = defaultdict(list)
    for key, name in pairs:
        seen[key].append(name)
    return [f"{what} {key}: {', '.join(names)}" for key, names in seen.items() if len(names) > 1]


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    accounts = facts["accounts"]
    found = (
        _duplicates("UID", ((u.uid, u.name) for u in accounts.users if u.uid != 0))
        + _duplicates("user name", ((u.name, f"UID {u.uid}") for u in accounts.users))
        + _duplicates("GID", ((g.gid, g.name) for g in accounts.groups))
        + _duplicates("group name", ((g.name, f"GID {g.gid}") for g in accounts.groups))
    )
    if found:
        return failed("shared identities: " + "; ".join(found), found)
    return passed(
        f"{len(accounts.users)} users and {len(accounts.groups)} groups have unique names and ids "
        "(a second UID 0 is judged by uid0_accounts)"
    )
