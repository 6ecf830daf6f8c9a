"""Only root has UID 0."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    uid0 = [u for u in facts["accounts"].users if u.uid == 0]
    extra = [u for u in uid0 if u.name not in params["allowed"]]
    evidence = [f"/etc/passwd: {u.line()}" for u in uid0]
    if extra:
        return failed(
            "accounts other than {allowed} with UID 0: {accounts}",
            evidence,
            allowed=params["allowed"],
            accounts=[u.name for u in extra],
        )
    if not uid0:
        return passed("UID 0 belongs only to no account", evidence)
    return passed("UID 0 belongs only to {accounts}", evidence, accounts=[u.name for u in uid0])
