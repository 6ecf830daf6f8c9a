"""Audit rules record changes to identity and privilege files and use of privileged commands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.logs import Audit
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    audit: Audit = facts["log_audit"]
    rules, source = audit.rules_in_force(facts["log_daemons"])
    missing: list[str | Message] = [
        p for p in params["watched"] if not any(r.watches(p) for r in rules)
    ]
    missing += [
        Message.of("execution of {command}", command=c)
        for c in params["commands"]
        if not any(r.records_execution(c) for r in rules)
    ]
    used = [
        r.text
        for r in rules
        if any(r.watches(p) for p in params["watched"])
        or any(r.records_execution(c) for c in params["commands"])
    ]
    evidence = [f"source: {source}", *used]
    if missing:
        return failed(
            "no audit rule for: {missing}", evidence, missing=Message.comma_joined(missing)
        )
    return passed(
        "audit rules cover all {count} files and commands", evidence, count=len(params["watched"])
    )
