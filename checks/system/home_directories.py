"""Users with a login shell have a home directory of their own that others cannot enter, and
dot files nobody else can change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.user_homes import UserHome
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.files import mode_beyond


def _home_problems(home: UserHome, params: Mapping[str, Any]) -> list[Message]:
    if home.entry is None:
        return [
            Message.of(
                "{user}: home directory {path} does not exist",
                user=home.user,
                path=home.path or "(none)",
            )
        ]
    found = []
    if home.entry.kind != "d":
        found.append(
            Message.of("{user}: home {path} is not a directory", user=home.user, path=home.path)
        )
    if home.entry.owner != home.user:
        found.append(Message.of("{path} owned by {owner}", path=home.path, owner=home.entry.owner))
    most = int(str(params["home_mode"]), 8)
    if home.entry.mode & ~most:
        found.append(mode_beyond(home.path, home.entry.mode, most))
    dot_most = int(str(params["dot_file_mode"]), 8)
    private = int(str(params["private_file_mode"]), 8)
    for f in home.dot_files:
        name = f.path.rsplit("/", 1)[-1]
        if name in params["forbidden_files"]:
            found.append(Message.of("{path} exists", path=f.path))
            continue
        if f.owner != home.user:
            found.append(Message.of("{path} owned by {owner}", path=f.path, owner=f.owner))
        limit = private if name in params["private_files"] else dot_most
        if f.mode & ~limit:
            found.append(mode_beyond(f.path, f.mode, limit))
    return found


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    homes: tuple[UserHome, ...] = facts["user_homes"]
    if not homes:
        return skipped("no account has a login shell")
    problems: list[Message] = []
    evidence: list[str] = []
    for home in homes:
        found = _home_problems(home, params)
        problems += found
        if found:
            evidence.append(home.entry.describe() if home.entry else f"{home.user}: no {home.path}")
            evidence += [f.describe() for f in home.dot_files]
    if problems:
        return failed(
            "home directories or dot files too open: {problems}", evidence, problems=problems
        )
    return passed(
        "the home directories of {users} are theirs, closed to others, with safe dot files",
        [h.entry.describe() for h in homes if h.entry],
        users=[h.user for h in homes],
    )
