"""Logs are sent to a central collector (syslog forwarding or a log shipping agent)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_syslog import SyslogRule
from auditor.facts.logs import SyslogConfig
from auditor.facts.process_list import Process, running
from auditor.outcome import Outcome, failed, passed


def _loopback(target: str) -> bool:
    host = target.split(" ", 1)[0]
    if host.startswith("[") and "]" in host:
        host = host[1 : host.index("]")]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _line(rule: SyslogRule) -> str:
    note = " (loopback: only a local relay)" if _loopback(rule.target) else ""
    return f"{rule.file}: {rule.text} -> {rule.target}{note}"


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    syslog: SyslogConfig = facts["log_syslog"]
    processes: tuple[Process, ...] = facts["log_daemons"]
    forwards = [r for r in syslog.rules if r.kind == "forward"]
    carrying = [
        r
        for r in forwards
        if r.facilities is None or (r.receives("auth") and r.receives("authpriv"))
    ]
    if carrying:
        return passed(
            "logs are forwarded to {targets}",
            [_line(r) for r in carrying],
            targets=list(dict.fromkeys(r.target for r in carrying)),
        )
    agents = running(processes, params["agents"])
    if agents:
        return passed(
            "log shipping agent running: {agents} (its destination is not read)",
            [f"pid {a.pid}: {a.args or a.comm}" for a in agents],
            agents=sorted({a.comm for a in agents}),
        )
    if forwards:
        return failed(
            "forwarding rules exist but none carries auth and authpriv messages",
            [_line(r) for r in forwards],
        )
    return failed(
        "no remote log forwarding configured and no log shipping agent running",
        [
            f"syslog daemons installed: {', '.join(syslog.installed) or 'none'}; "
            f"config files read: {', '.join(syslog.files) or 'none'}",
            f"agents looked for: {', '.join(params['agents'])}",
        ],
    )
