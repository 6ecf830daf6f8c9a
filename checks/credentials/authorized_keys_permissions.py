"""authorized_keys files and the directories above them can be changed only by their owner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    keys = facts["ssh_user_keys"]
    problems, evidence = [], []
    for f in keys.authorized:
        home = keys.homes.get(f.user, "")
        paths = [
            p
            for p in keys.modes.values()
            if p.path == f.path
            or p.path == home
            or (p.kind == "dir" and f.path.startswith(p.path + "/"))
        ]
        for p in paths:
            writable = bool(p.mode & 0o022)
            foreign = p.owner not in {f.user, "root"}
            mode = f"{p.mode:04o}"
            if writable and foreign:
                problem = Message.of(
                    "{user}: {path} mode {mode} writable by group/others and owned by {owner}",
                    user=f.user,
                    path=p.path,
                    mode=mode,
                    owner=p.owner,
                )
            elif writable:
                problem = Message.of(
                    "{user}: {path} mode {mode} writable by group/others",
                    user=f.user,
                    path=p.path,
                    mode=mode,
                )
            elif foreign:
                problem = Message.of(
                    "{user}: {path} owned by {owner}", user=f.user, path=p.path, owner=p.owner
                )
            else:
                continue
            problems.append(problem)
            evidence.append(p.line())
    if problems:
        return failed("SSH key files others can change: {problems}", evidence, problems=problems)
    return passed(
        "{count} authorized_keys file(s) and their directories are writable only by their owner",
        count=len(keys.authorized),
    )
