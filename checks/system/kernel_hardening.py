"""Kernel self-protection settings (ASLR, pointer and log restrictions, link protection)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sysctl import Sysctl
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed
from auditor.parsers.kernel import satisfies


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sysctl: Sysctl = facts["sysctl"]
    problems: list[Message] = []
    evidence: list[str] = []
    for key, spec in params["required"].items():
        more, shown = sysctl.judge(
            key, lambda v, s=spec: satisfies(v, s), params["check_running_state"]
        )
        problems += [Message.of("{problem} (required: {spec})", problem=p, spec=spec) for p in more]
        evidence += shown
    if problems:
        return failed("kernel hardening settings missing: {problems}", evidence, problems=problems)
    return passed(
        "{count} kernel hardening settings as required", evidence, count=len(params["required"])
    )
