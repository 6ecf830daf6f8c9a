"""A syslog daemon is running to receive the system's log messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.process_list import Process, running
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    processes: tuple[Process, ...] = facts["log_daemons"]
    found = running(processes, params["daemons"])
    if found:
        names = sorted({p.args.split(" ", 1)[0].rsplit("/", 1)[-1] or p.comm for p in found})
        return passed(
            "syslog daemon running: {names}",
            [f"pid {p.pid}: {p.args or p.comm}" for p in found],
            names=names,
        )
    return failed(
        "no syslog daemon running (looked for {daemons})",
        [f"{len(processes)} processes inspected; none is {' or '.join(params['daemons'])}"],
        daemons=list(params["daemons"]),
    )
