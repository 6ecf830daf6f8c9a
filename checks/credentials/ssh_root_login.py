"""Root must not log in over SSH."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")
    value = sshd.get("permitrootlogin", ["yes"])[0]
    evidence = [f"permitrootlogin {value}"]
    if value in params["allowed"]:
        return passed("sshd PermitRootLogin is {value}", evidence, value=value)
    return failed(
        "sshd PermitRootLogin is {value}; allowed: {allowed}",
        evidence,
        value=value,
        allowed=params["allowed"],
    )
