"""Audit rules record changes to identity and privilege files and use of privileged commands."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.logs import Audit, AuditRule
from auditor.facts.process_list import Process, running
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def _norm(path: str) -> str:
    return re.sub(r"^/usr(?=/s?bin/)", "", path.rstrip("/"))


def watches(rule: AuditRule, path: str) -> bool:
    """Whether ``rule`` records writes to ``path`` (itself or a watched directory above it)."""
    if rule.perms and "w" not in rule.perms:
        return False
    target = path.rstrip("/")
    return any(
        target == p.rstrip("/") or target.startswith(p.rstrip("/") + "/") for p in rule.paths
    )


def records_execution(rule: AuditRule, command: str) -> bool:
    """Whether ``rule`` records runs of ``command``: a path rule on it, or any-program execve."""
    if any(_norm(p) == _norm(command) for p in rule.paths):
        return not rule.perms or "x" in rule.perms
    narrowed = any(f.startswith(("path=", "dir=", "exe=")) for f in rule.fields)
    return "execve" in rule.syscalls and not narrowed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    audit: Audit = facts["log_audit"]
    processes: tuple[Process, ...] = facts["log_daemons"]
    live = bool(running(processes, ["auditd"])) and audit.kernel_rules is not None
    if live:
        rules, source = audit.kernel_rules or (), "loaded rules (auditctl -l)"
    else:
        why = "auditd not running" if not running(processes, ["auditd"]) else audit.kernel_error
        files = ", ".join(audit.rule_files) or "no rule file"
        rules, source = audit.file_rules, f"rule files {files} ({why})"
    missing: list[str | Message] = [
        p for p in params["watched"] if not any(watches(r, p) for r in rules)
    ]
    missing += [
        Message.of("execution of {command}", command=c)
        for c in params["commands"]
        if not any(records_execution(r, c) for r in rules)
    ]
    used = [
        r.text
        for r in rules
        if any(watches(r, p) for p in params["watched"])
        or any(records_execution(r, c) for c in params["commands"])
    ]
    evidence = [f"source: {source}", *used]
    if missing:
        return failed(
            "no audit rule for: {missing}", evidence, missing=Message.comma_joined(missing)
        )
    return passed(
        "audit rules cover all {count} files and commands", evidence, count=len(params["watched"])
    )
