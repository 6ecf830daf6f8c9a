"""sshd logs at a level that records who logged in and with which key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")
    value = sshd.get("loglevel", ["INFO"])[0]
    allowed = [a.upper() for a in params["allowed"]]
    evidence = [f"loglevel {value}"]
    if value.upper() in allowed:
        return passed("sshd LogLevel is {value}", evidence, value=value)
    return failed(
        "sshd LogLevel is {value}; allowed: {allowed}", evidence, value=value, allowed=allowed
    )
