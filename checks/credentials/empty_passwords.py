"""No account may log in without a password: none has an empty password, and pam_unix
refuses empty passwords (no nullok)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.facts.pam import PamConfig
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed

NULLOK = ("nullok", "nullok_secure")


def _nullok(pam: PamConfig) -> list[str]:
    """The pam_unix lines of the shared stacks that accept an empty password."""
    lines = []
    for kind in ("auth", "account", "password"):
        for path in pam.stacks(kind):
            for rule in pam.rules(path, kind):
                if rule.module == "pam_unix.so" and any(a in NULLOK for a in rule.args):
                    lines.append(rule.evidence())
    return list(dict.fromkeys(lines))


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    today = facts["clock"] // DAY
    shadow = facts["shadow"]
    found: dict[str, str] = {}
    for user in facts["accounts"].users:
        if user.password == "":
            found[user.name] = f"/etc/passwd: {user.line()}"
    for entry in shadow.values():
        if entry.state == "empty" and not entry.expired_account(today):
            found.setdefault(entry.name, f"/etc/shadow: {entry.redacted()}")
    nullok = _nullok(facts["pam"])
    problems = []
    if found:
        problems.append(
            Message.of("accounts with an empty password: {accounts}", accounts=sorted(found))
        )
    if nullok:
        problems.append(Message.of("pam_unix accepts empty passwords (nullok)"))
    if problems:
        return failed(
            "logging in without a password is possible: {problems}",
            [*(found[name] for name in sorted(found)), *nullok],
            problems=problems,
        )
    return passed(
        "none of the {count} accounts has an empty password and pam_unix refuses empty ones",
        count=len(shadow),
    )
