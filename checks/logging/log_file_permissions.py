"""Log files cannot be read or altered by users who have no business with them."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.facts.log_syslog import SyslogConfig
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed


def _allowed(path: str, patterns: list[str]) -> bool:
    relative = path.removeprefix("/var/log/")
    name = posixpath.basename(path)
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def _problems(log: FileEntry, params: Mapping[str, Any]) -> list[str]:
    problems = []
    if log.mode & 0o002:
        problems.append("world-writable")
    if log.mode & 0o004 and not _allowed(log.path, params["world_readable_allowed"]):
        problems.append("world-readable")
    if log.mode & 0o020 and log.group not in params["group_writable_groups"]:
        problems.append(f"writable by group {log.group}")
    return problems


def _octal(text: str) -> int | None:
    return int(text, 8) if text and set(text) <= set("01234567") else None


def _create_modes(syslog: SyslogConfig, limit: int) -> tuple[list[str], list[str]]:
    """(too open, within the limit): rsyslog's file actions with the mode it creates them with."""
    wide, fine = [], []
    for entry in syslog.create_modes:
        where = entry.where or "rsyslog's default"
        line = f"rsyslog creates {entry.target} with mode {entry.mode} ({where})"
        mode = _octal(entry.mode)
        (wide if mode is None or mode & ~limit & 0o777 else fine).append(line)
    return wide, fine


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    logs: tuple[FileEntry, ...] = facts["log_files"]
    syslog: SyslogConfig = facts["log_syslog"]
    text = params["max_create_mode"]
    limit = _octal(text)
    if limit is None:
        return errored("max_create_mode is not an octal mode: {value}", value=text)
    wide, fine = _create_modes(syslog, limit)
    offenders = []
    for log in logs:
        found = _problems(log, params)
        if found:
            offenders.append(
                f"{log.path} {log.mode:04o} {log.owner}:{log.group} ({', '.join(found)})"
            )
    problems: list[Message] = []
    if offenders:
        problems.append(
            Message.of(
                "{count} of {total} file(s) under /var/log too open",
                count=len(offenders),
                total=len(logs),
            )
        )
    if wide:
        problems.append(
            Message.of(
                "rsyslog creates {count} log file(s) with a mode above {limit}",
                count=len(wide),
                limit=text,
            )
        )
    if problems:
        return failed("log files too open: {problems}", [*offenders, *wide], problems=problems)
    return passed(
        "{count} file(s) under /var/log: none world-writable, none readable by all "
        "(except allowed login records)",
        [
            f"allowed world-readable: {', '.join(params['world_readable_allowed']) or 'none'}",
            *fine,
        ],
        count=len(logs),
    )
