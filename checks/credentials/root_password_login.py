"""root has no usable password: administrators log in as themselves and use sudo. Where a
profile allows root a password, root must still have one (or be locked), never an empty one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, errored, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    root = facts["shadow"].get("root")
    if root is None:
        return errored("/etc/shadow has no entry for root")
    evidence = [f"/etc/shadow: {root.redacted()}"]
    if root.state == "empty":
        return failed("root has an empty password", evidence)
    if root.state == "usable":
        if params["allow_password"]:
            return passed(
                "root has a password ({method} hash), which the profile allows",
                evidence,
                method=root.method,
            )
        return failed(
            "root has a usable password ({method} hash); it is not locked",
            evidence,
            method=root.method,
        )
    return passed("root's password is {state}", evidence, state=root.state)
