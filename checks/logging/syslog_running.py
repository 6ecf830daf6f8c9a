"""One system logging daemon is running to receive the system's log messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_syslog import SyslogConfig
from auditor.facts.process_list import Process, running
from auditor.outcome import Outcome, failed, passed


def _name(process: Process) -> str:
    return process.args.split(" ", 1)[0].rsplit("/", 1)[-1] or process.comm


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    processes: tuple[Process, ...] = facts["process_list"]
    syslog: SyslogConfig = facts["log_syslog"]
    found = running(processes, params["daemons"])
    installed = f"syslog daemons installed: {', '.join(syslog.installed) or 'none'}"
    if not found:
        return failed(
            "no syslog daemon running (looked for {daemons})",
            [
                f"{len(processes)} processes inspected; none is {' or '.join(params['daemons'])}",
                installed,
            ],
            daemons=list(params["daemons"]),
        )
    evidence = [f"pid {p.pid}: {p.args or p.comm}" for p in found] + [installed]
    names = sorted({_name(p) for p in found})
    exclusive = sorted({_name(p) for p in running(found, params["exclusive"])})
    if len(exclusive) > 1:
        return failed(
            "several syslog daemons run side by side: {names} (one logging system expected)",
            evidence,
            names=exclusive,
        )
    return passed("syslog daemon running: {names}", evidence, names=names)
