"""The systemd journal is stored on disk and compressed, and hands messages to the syslog daemon
exactly when one is the logging system."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_journald import Journald
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.logs import logging_method


def _setting(journald: Journald, key: str, default: str) -> tuple[str, str]:
    value, where = journald.effective(key, default)
    return value, f"{key}={value} ({where})"


def _yes(value: str) -> bool:
    return value.strip().lower() in ("yes", "true", "on", "1")


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    journald: Journald = facts["log_journald"]
    if not journald.installed:
        return skipped("systemd-journald is not installed")
    storage, source = journald.settings.get("Storage", ("auto", ""))
    evidence = [
        f"Storage={storage} ({source or 'default'})",
        f"/var/log/journal {'exists' if journald.var_log_journal else 'does not exist'}",
    ]
    problems: list[Message] = []
    if not journald.persistent and storage.lower() == "auto":
        problems.append(
            Message.of(
                "journal kept in memory only: Storage={storage} and /var/log/journal does not "
                "exist",
                storage=storage,
            )
        )
    elif not journald.persistent:
        problems.append(
            Message.of("journal kept in memory only: Storage={storage}", storage=storage)
        )
    if params["compress"]:
        value, line = _setting(journald, "Compress", "yes")
        evidence.append(line)
        if not _yes(value):
            problems.append(
                Message.of(
                    "large journal entries are not compressed: Compress={value}", value=value
                )
            )
    if params["forward_to_syslog"]:
        method, why = logging_method(facts["process_list"], facts["log_syslog"], journald)
        value, line = _setting(journald, "ForwardToSyslog", "no")
        evidence += [line, f"logging system: {method or 'none'} ({why})"]
        if method in ("rsyslogd", "syslogd") and not _yes(value):
            problems.append(
                Message.of(
                    "{daemon} is the logging system but journald does not forward to it: "
                    "ForwardToSyslog={value}",
                    daemon=method,
                    value=value,
                )
            )
        elif method == "journald" and _yes(value):
            problems.append(
                Message.of(
                    "journald is the only logging system yet forwards to syslog: "
                    "ForwardToSyslog={value}",
                    value=value,
                )
            )
    if problems:
        return failed("journald settings fall short: {problems}", evidence, problems=problems)
    return passed("journal stored on disk (Storage={storage})", evidence, storage=storage)
