"""authorized_keys files and the directories above them can be changed only by their owner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
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
            wrong = []
            if p.mode & 0o022:
                wrong.append(f"mode {p.mode:04o} writable by group/others")
            if p.owner not in {f.user, "root"}:
                wrong.append(f"owned by {p.owner}")
            if wrong:
                problems.append(f"{f.user}: {p.path} {' and '.join(wrong)}")
                evidence.append(p.line())
    if problems:
        return failed("SSH key files others can change: " + "; ".join(problems), evidence)
    return passed(
        f"{len(keys.authorized)} authorized_keys file(s) and their directories are "
        "writable only by their owner"
    )
