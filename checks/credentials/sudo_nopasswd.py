"""sudo asks for the user's password (no NOPASSWD rules, no !authenticate)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sudoers = facts["sudoers"]
    if sudoers is None:
        return skipped("sudo is not installed (no /etc/sudoers)")
    exempt = {"root", *params["exempt_users"]}
    if facts["target"].user:
        exempt.add(facts["target"].user)

    def concerns_others(principals: tuple[str, ...]) -> bool:
        granted = [p for p in principals if not p.startswith("!")]
        return not granted or any(p not in exempt for p in granted)

    found: dict[str, Message] = {}
    for rule in sudoers.rules:
        if (
            "NOPASSWD" in rule.tags
            and not rule.command.startswith("!")
            and concerns_others(rule.users)
        ):
            found.setdefault(
                rule.evidence(), Message.of("{users} NOPASSWD", users=",".join(rule.users))
            )
    for default in sudoers.defaults:
        applies = default.scope != ":" or concerns_others(default.targets)
        if "!authenticate" in default.settings and applies:
            found.setdefault(default.evidence(), Message.of("Defaults !authenticate"))
    if found:
        grants: list[Message] = []
        for grant in found.values():
            if grant not in grants:
                grants.append(grant)
        return failed("sudo without a password for: {grants}", list(found), grants=grants)
    return passed(
        "every sudo rule asks for a password (exempt: {exempt})",
        [f"read: {', '.join(sudoers.files)}"],
        exempt=sorted(exempt),
    )
