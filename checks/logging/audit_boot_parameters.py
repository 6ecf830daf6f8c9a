"""The kernel audits from boot (audit=1) with a backlog large enough for early events
(audit_backlog_limit), both in the running kernel and in the configuration of the next boot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.boot_cmdline import BootCmdline
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed


def _value(words: tuple[str, ...], key: str) -> str | None:
    """The value of the last ``key=value`` (the one the kernel keeps), None when absent."""
    found = None
    for word in words:
        name, sep, value = word.partition("=")
        if sep and name == key:
            found = value
    return found


def _problems(words: tuple[str, ...], where: str, minimum: int) -> list[Message]:
    problems = []
    audit = _value(words, "audit")
    if audit not in ("1", "on"):
        problems.append(Message.of("{where}: audit={value}", where=where, value=audit or "(unset)"))
    limit = _value(words, "audit_backlog_limit")
    if limit is None or not limit.isdigit() or int(limit) < minimum:
        problems.append(
            Message.of(
                "{where}: audit_backlog_limit={value} (at least {minimum} required)",
                where=where,
                value=limit or "(unset)",
                minimum=minimum,
            )
        )
    return problems


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    boot: BootCmdline = facts["boot_cmdline"]
    minimum = params["min_backlog_limit"]
    if boot.grub is not None:
        saved, where = boot.grub, f"GRUB ({', '.join(boot.grub_files)})"
    elif boot.kernel_cmdline is not None:
        saved, where = boot.kernel_cmdline, "/etc/kernel/cmdline"
    else:
        return errored(
            "no saved kernel command line (no /etc/default/grub, /etc/default/grub.d/*.cfg or "
            "/etc/kernel/cmdline): the next boot's parameters are unknown"
        )
    evidence = [f"next boot, {where}: {' '.join(saved) or '(empty)'}"]
    problems = _problems(saved, "next boot", minimum)
    if params["check_running_state"]:
        if boot.running is None:
            return errored("/proc/cmdline could not be read")
        evidence.append(f"running kernel, /proc/cmdline: {' '.join(boot.running)}")
        problems += _problems(boot.running, "running kernel", minimum)
    if problems:
        return failed("kernel audit parameters missing: {problems}", evidence, problems=problems)
    if params["check_running_state"]:
        return passed(
            "audit=1 and audit_backlog_limit of at least {minimum} for the running kernel and "
            "the next boot",
            evidence,
            minimum=minimum,
        )
    return passed(
        "audit=1 and audit_backlog_limit of at least {minimum} for the next boot (running "
        "kernel not judged)",
        evidence,
        minimum=minimum,
    )
