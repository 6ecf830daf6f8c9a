"""The host does not accept log messages from the network unless it is the log collector."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_journald import Journald
from auditor.facts.log_syslog import SyslogConfig
from auditor.facts.process_list import Process, running
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed
from auditor.parsers.logs import logging_method

RECEIVER = "systemd-journal-remote"
ENABLED = ("enabled", "enabled-runtime")


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    syslog: SyslogConfig = facts["log_syslog"]
    journald: Journald = facts["log_journald"]
    processes: tuple[Process, ...] = facts["process_list"]
    method, why = logging_method(processes, syslog, journald)
    daemons = {"rsyslogd": "rsyslog", "syslog-ng": "syslog-ng"}
    # A syslog daemon's inputs count when it runs or is the logging system.
    in_use = {daemons[d] for d in daemons if d == method or running(processes, [d])}
    evidence = [f"logging system: {method or 'none'} ({why})"]
    sources: dict[tuple[str, str], None] = {}
    for item in syslog.inputs:
        line = f"{item.file}: {item.text}"
        if item.daemon in in_use:
            sources[(item.daemon, item.file)] = None
            evidence.append(line)
        else:
            evidence.append(f"{line} ({item.daemon} not in use)")
    receivers: list[str | Message] = [
        Message.of("{daemon} input in {file}", daemon=daemon, file=file) for daemon, file in sources
    ]
    units = [
        f"{unit} {state}"
        for unit, state in journald.units.items()
        if unit.startswith(RECEIVER) and state in ENABLED
    ]
    listening = running(processes, [RECEIVER])
    if units or listening:
        receivers.append(RECEIVER)
        evidence += units + [f"pid {p.pid}: {p.args or p.comm}" for p in listening]
    elif journald.remote_installed:
        evidence.append(f"{RECEIVER} installed, not enabled and not running")
    if receivers and params["receiving_allowed"]:
        return passed(
            "the host receives remote logs as the log collector: {receivers}",
            evidence,
            receivers=Message.comma_joined(receivers),
        )
    if receivers:
        return failed(
            "the host accepts log messages from the network: {receivers}",
            evidence,
            receivers=Message.comma_joined(receivers),
        )
    return passed("no syslog network input and no systemd-journal-remote receiver", evidence)
