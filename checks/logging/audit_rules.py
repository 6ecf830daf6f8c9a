"""Audit rules record changes to identity and privilege files, to sudo's log and use of
privileged commands, and are locked against changes until reboot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_audit import Audit
from auditor.facts.sudoers import Sudoers
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def sudo_logfile(sudoers: Sudoers | None) -> str:
    """The ``logfile`` of the Defaults that apply to everyone, the last one read winning;
    "" when none is set (or it is negated)."""
    found = ""
    for default in sudoers.defaults if sudoers else ():
        if default.scope:
            continue
        for setting in default.settings:
            name, sep, value = setting.partition("=")
            name = name.strip()
            if name.rstrip("+-").strip() == "logfile" and sep:
                found = value.strip().strip('"')
            elif name == "!logfile":
                found = ""
    return found


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    audit: Audit = facts["log_audit"]
    processes = facts["process_list"]
    rules, source = audit.rules_in_force(processes)
    watched = list(params["watched"])
    missing: list[str | Message] = []
    if params["watch_sudo_logfile"]:
        logfile = sudo_logfile(facts["sudoers"])
        if logfile:
            watched.append(logfile)
        else:
            missing.append(Message.of("sudo's log file (sudoers sets no logfile)"))
    missing += [p for p in watched if not any(r.watches(p) for r in rules)]
    missing += [
        Message.of("execution of {command}", command=c)
        for c in params["commands"]
        if not any(r.records_execution(c) for r in rules)
    ]
    used = [
        r.text
        for r in rules
        if any(r.watches(p) for p in watched)
        or any(r.records_execution(c) for c in params["commands"])
    ]
    evidence = [f"source: {source}", *used]
    if params["immutable"]:
        enabled, where = audit.enabled_in_force(processes)
        evidence.append(f"enabled {enabled or '(not set)'}: {where}")
        if enabled != "2":
            missing.append(Message.of("locking the rules until reboot (-e 2)"))
    if missing:
        return failed(
            "no audit rule for: {missing}", evidence, missing=Message.comma_joined(missing)
        )
    return passed("audit rules cover all {count} files and commands", evidence, count=len(watched))
