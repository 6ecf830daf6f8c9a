"""Only the approved administrators may run any command as root through sudo."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sudoers import SudoRule
from auditor.outcome import Outcome, failed, passed, skipped

SHELLS = frozenset(
    {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "busybox", "su"}
)


def broad(rule: SudoRule) -> bool:
    """Whether the rule lets its users run anything as root: ALL, a shell, su or a wildcard."""
    if rule.command.startswith("!") or not rule.as_root:
        return False
    program = rule.command.split()[0] if rule.command.split() else ""
    return program == "ALL" or posixpath.basename(program) in SHELLS or "*" in program


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sudoers = facts["sudoers"]
    if sudoers is None:
        return skipped("sudo is not installed (no /etc/sudoers)")
    approved = set(params["approved"])
    if facts["target"].user:
        approved.add(facts["target"].user)
    found: dict[str, list[str]] = {}
    granted: set[str] = set()
    for rule in filter(broad, sudoers.rules):
        users = [u for u in rule.users if not u.startswith("!")]
        granted.update(users)
        others = [u for u in users if u not in approved]
        if others:
            found.setdefault(rule.evidence(), []).extend(f"{u} ({rule.command})" for u in others)
    accounts = facts["accounts"]
    members = [
        f"{g} members: {', '.join(accounts.members(g[1:])) or 'none'}"
        for g in sorted(granted)
        if g.startswith("%") and g in approved
    ]
    if found:
        names = dict.fromkeys(n for names in found.values() for n in names)
        return failed(
            "full root rights outside the approved list: {principals}",
            [*found, *members],
            principals=list(names),
        )
    if not granted:
        return passed("only approved principals may run anything as root: none", members)
    return passed(
        "only approved principals may run anything as root: {principals}",
        members,
        principals=sorted(granted),
    )
