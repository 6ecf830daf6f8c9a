"""Audit rules record the events an investigation needs: clock, network identity, denied
access, permission changes, mounts, deletions, sessions, logins, policy, ACL and account tools,
kernel modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_audit import Audit, AuditRule
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed


def _records(rules: tuple[AuditRule, ...], syscalls: frozenset[str], item: str) -> bool:
    """Whether some rule records ``item``: ``syscall:NAME`` (``syscalls``: those the rules
    name, ``all`` among them when one records every call), ``watch:PATH`` (writes to it) or
    ``exec:PATH`` (runs of the program)."""
    kind, _, target = item.partition(":")
    if kind == "syscall":
        return target in syscalls or "all" in syscalls
    if kind == "watch":
        return any(r.watches(target) for r in rules)
    return any(r.records_execution(target) for r in rules)


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    audit: Audit = facts["log_audit"]
    events: Mapping[str, list[str]] = params["events"]
    bad = [i for items in events.values() for i in items if i.split(":")[0] not in
           ("syscall", "watch", "exec")]  # fmt: skip
    if bad:
        return errored("unknown kinds of audit event items: {items}", items=bad)
    rules, source = audit.rules_in_force(facts["process_list"])
    syscalls = frozenset(s for r in rules for s in r.syscalls)
    missing = []
    for event, items in events.items():
        absent = [i for i in items if not _records(rules, syscalls, i)]
        if absent:
            missing.append(Message.of("{event} ({items})", event=event, items=absent))
    evidence = [f"source: {source}", f"{len(rules)} rule(s)"]
    if missing:
        return failed(
            "{count} of {total} audited events have no rule: {missing}",
            evidence,
            count=len(missing),
            total=len(events),
            missing=missing,
        )
    return passed("audit rules record all {total} events", evidence, total=len(events))
