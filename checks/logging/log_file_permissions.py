"""Log files cannot be read or altered by users who have no business with them."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.logs import LogFile
from auditor.outcome import Outcome, failed, passed


def _allowed(path: str, patterns: list[str]) -> bool:
    relative = path.removeprefix("/var/log/")
    name = posixpath.basename(path)
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def _problems(log: LogFile, params: Mapping[str, Any]) -> list[str]:
    problems = []
    if log.mode & 0o002:
        problems.append("world-writable")
    if log.mode & 0o004 and not _allowed(log.path, params["world_readable_allowed"]):
        problems.append("world-readable")
    if log.mode & 0o020 and log.group not in params["group_writable_groups"]:
        problems.append(f"writable by group {log.group}")
    return problems


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    logs: tuple[LogFile, ...] = facts["log_files"]
    offenders = []
    for log in logs:
        problems = _problems(log, params)
        if problems:
            offenders.append(
                f"{log.path} {log.mode:04o} {log.owner}:{log.group} ({', '.join(problems)})"
            )
    if offenders:
        return failed(
            "{count} of {total} file(s) under /var/log too open",
            offenders,
            count=len(offenders),
            total=len(logs),
        )
    return passed(
        "{count} file(s) under /var/log: none world-writable, none readable by all "
        "(except allowed login records)",
        [f"allowed world-readable: {', '.join(params['world_readable_allowed']) or 'none'}"],
        count=len(logs),
    )
