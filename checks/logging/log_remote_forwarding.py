"""Logs are sent to a central collector (syslog forwarding or a log shipping agent)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_journald import Journald
from auditor.facts.log_syslog import SyslogConfig
from auditor.facts.process_list import Process, running
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed
from auditor.parsers.logs import logging_method
from auditor.parsers.syslog import SyslogRule

UPLOAD = "systemd-journal-upload"


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


def _journal_upload(
    journald: Journald, processes: tuple[Process, ...], params: Mapping[str, Any], why: str
) -> Outcome:
    """Judge systemd-journal-upload, journald's own way to a collector, on a host where
    journald is the only logging system."""
    state = journald.units.get(f"{UPLOAD}.service", "")
    url, where = journald.upload.get("URL", ("", ""))
    uploaders = running(processes, [UPLOAD])
    evidence = [
        f"logging system: journald ({why})",
        f"systemd-journal-remote {'installed' if journald.upload_installed else 'not installed'}",
        f"{UPLOAD}.service: {state or 'no unit'}",
        f"URL={url} ({where})" if url else "journal-upload.conf: no URL",
        *(f"pid {p.pid}: {p.args or p.comm}" for p in uploaders),
    ]
    problems = []
    if not journald.upload_installed:
        problems.append(Message.of("systemd-journal-remote is not installed"))
    else:
        if state not in ("enabled", "enabled-runtime"):
            problems.append(Message.of("{unit} is not enabled", unit=f"{UPLOAD}.service"))
        if not uploaders:
            problems.append(Message.of("{program} is not running", program=UPLOAD))
        if not url:
            problems.append(Message.of("journal-upload.conf names no URL"))
    if not problems:
        return passed("the journal is uploaded to {url}", evidence, url=url)
    agents = running(processes, [a for a in params["agents"] if a != UPLOAD])
    if agents:
        return passed(
            "log shipping agent running: {agents} (its destination is not read)",
            [f"pid {a.pid}: {a.args or a.comm}" for a in agents] + evidence,
            agents=sorted({a.comm for a in agents}),
        )
    return failed(
        "journald is the only logging system and does not upload the journal: {problems}",
        evidence,
        problems=problems,
    )


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    syslog: SyslogConfig = facts["log_syslog"]
    processes: tuple[Process, ...] = facts["process_list"]
    journald: Journald = facts["log_journald"]
    method, why = logging_method(processes, syslog, journald)
    if method == "journald":
        return _journal_upload(journald, processes, params, why)
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
