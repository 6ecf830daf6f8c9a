"""The Linux audit daemon is running."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.process_list import Process, running
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    processes: tuple[Process, ...] = facts["process_list"]
    found = running(processes, ["auditd"])
    if found:
        return passed("auditd is running", [f"pid {p.pid}: {p.args or p.comm}" for p in found])
    return failed(
        "auditd is not running",
        [f"{len(processes)} processes inspected; none is auditd"],
    )
