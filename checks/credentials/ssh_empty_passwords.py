"""sshd refuses accounts with an empty password."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")
    value = sshd.get("permitemptypasswords", ["no"])[0].lower()
    evidence = [f"permitemptypasswords {value}"]
    if value != "no":
        return failed("sshd PermitEmptyPasswords is {value}", evidence, value=value)
    return passed("sshd PermitEmptyPasswords is no", evidence)
