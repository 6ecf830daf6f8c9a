"""auditd's logs, configuration and tools are root's and not open to others."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.audit_files import AuditFiles
from auditor.facts.base import Facts, FileEntry
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped

# Mode bits each kind of file may not have: logs and configuration at most 640, the log
# directory at most 750, tools at most 755.
LIMITS = {"log": (0o137, "640"), "config": (0o137, "640"), "logdir": (0o027, "750"),
          "tool": (0o022, "755")}  # fmt: skip


def _problems(role: str, entry: FileEntry, params: Mapping[str, Any]) -> list[Message]:
    shown = entry.describe()
    found = []
    forbidden, limit = LIMITS[role]
    if entry.mode & forbidden:
        found.append(Message.of("mode above {limit}: {entry}", limit=limit, entry=shown))
    if entry.owner != "root":
        found.append(Message.of("not owned by root: {entry}", entry=shown))
    groups = params["log_groups"] if role in ("log", "logdir") else ["root"]
    if entry.group not in groups:
        found.append(Message.of("group {group} not allowed: {entry}", group=entry.group,
                                entry=shown))  # fmt: skip
    return found


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    files: AuditFiles = facts["audit_files"]
    if not files.get("tool") and not files.get("config"):
        return skipped("auditd is not installed")
    listed = [(role, f) for role, entries in files.items() for f in entries]
    problems = [p for role, f in listed for p in _problems(role, f, params)]
    evidence = [f"{role}: {f.describe()}" for role, f in listed]
    if problems:
        return failed(
            "{count} problem(s) with auditd's files: {problems}",
            evidence,
            count=len(problems),
            problems=problems,
        )
    return passed(
        "auditd's {count} logs, configuration files and tools are root's and closed to others",
        evidence,
        count=len(listed),
    )
