"""No account appears in the team's list of leaked credentials."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, errored, failed, passed, skipped
from auditor.passwords import TESTER


def read_leaks(path: str) -> dict[str, list[str]]:
    """``username`` or ``username:password`` lines (``#`` comments) -> the leaked passwords."""
    leaks: dict[str, list[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, password = line.partition(":")
        leaks.setdefault(name.strip(), [])
        if sep and password:
            leaks[name.strip()].append(password)
    return leaks


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    path = params["path"]
    if not path:
        return skipped("no leaked-credentials file is configured (parameter path)")
    try:
        leaks = read_leaks(path)
    except (OSError, UnicodeDecodeError) as exc:
        return errored(f"cannot read the leaked-credentials file {path}: {exc}")
    shadow = facts["shadow"]
    found, evidence = [], []
    for user in facts["accounts"].users:
        if user.name not in leaks:
            continue
        entry = shadow.get(user.name)
        if entry is None or not entry.usable:
            state = f"password {entry.state if entry else 'not in /etc/shadow'}"
        elif entry.state == "empty":
            state = "password empty"
        elif not leaks[user.name]:
            state = "no leaked password given"
        elif error := TESTER.unsupported(entry.password):
            state = f"leaked password not tested: {error}"
        elif any(TESTER.verify(entry.password, pw) for pw in leaks[user.name]):
            state = "the leaked password still works"
        else:
            state = "the leaked password no longer works"
        found.append(f"{user.name} ({state})")
        evidence.append(
            f"/etc/shadow: {entry.redacted()}" if entry else f"/etc/passwd: {user.line()}"
        )
    if found:
        return failed(f"accounts named in {path}: {'; '.join(found)}", evidence)
    return passed(f"none of the {len(leaks)} names in {path} is an account on this host")
