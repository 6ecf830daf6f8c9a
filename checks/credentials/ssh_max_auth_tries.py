"""sshd limits authentication attempts per connection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, errored, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")
    text = sshd.get("maxauthtries", ["6"])[0]
    evidence = [f"maxauthtries {text}"]
    if not text.isdigit():
        return errored(
            "sshd MaxAuthTries has an unexpected value {value}", evidence, value=repr(text)
        )
    if int(text) > params["max_tries"]:
        return failed(
            "sshd MaxAuthTries is {value}; at most {max_tries} allowed",
            evidence,
            value=text,
            max_tries=params["max_tries"],
        )
    return passed("sshd MaxAuthTries is {value}", evidence, value=text)
