"""sudo asks for the user's password (no NOPASSWD rules, no !authenticate)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
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

    found: dict[str, str] = {}
    for rule in sudoers.rules:
        if (
            "NOPASSWD" in rule.tags
            and not rule.command.startswith("!")
            and concerns_others(rule.users)
        ):
            found.setdefault(rule.evidence(), f"{','.join(rule.users)} NOPASSWD")
    for default in sudoers.defaults:
        applies = default.scope != ":" or concerns_others(default.targets)
        if "!authenticate" in default.settings and applies:
            found.setdefault(default.evidence(), "Defaults !authenticate")
    if found:
        return failed(
            "sudo without a password for: " + "; ".join(dict.fromkeys(found.values())),
            list(found),
        )
    note = f" (exempt: {', '.join(sorted(exempt))})"
    return passed(
        f"every sudo rule asks for a password{note}", [f"read: {', '.join(sudoers.files)}"]
    )
