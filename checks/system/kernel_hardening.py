"""Kernel self-protection settings (ASLR, pointer and log restrictions, link protection)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sys_kernel import Sysctl, satisfies
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sysctl: Sysctl = facts["sysctl"]
    problems, evidence = [], []
    for key, spec in params["required"].items():
        more, shown = sysctl.judge(
            key, lambda v, s=spec: satisfies(v, s), params["check_running_state"]
        )
        problems += [f"{p} (required: {spec})" for p in more]
        evidence += shown
    if problems:
        return failed(f"kernel hardening settings missing: {'; '.join(problems)}", evidence)
    return passed(f"{len(params['required'])} kernel hardening settings as required", evidence)
