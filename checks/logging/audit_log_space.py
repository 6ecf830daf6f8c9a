"""auditd keeps its logs and reacts safely when disk space runs low."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_audit import Audit
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed, skipped


def _setting(key: str, value: str) -> Message:
    """``key = value`` up to any parenthesis; an unset value (shown "(unset)" in the evidence)
    leaves ``key =``."""
    shown = value.split(" (", 1)[0] if value and not value.startswith("(") else ""
    if shown:
        return Message.of("{key} = {value}", key=key, value=shown)
    return Message.of("{key} =", key=key)


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    audit: Audit = facts["log_audit"]
    if audit.config is None and audit.installed:
        return errored(
            "auditd is installed but /etc/audit/auditd.conf was not read "
            "(missing, or not a regular file): its space settings are unknown"
        )
    if audit.config is None:
        return skipped("no /etc/audit/auditd.conf: auditd is not installed")
    problems, settings, evidence = [], [], []
    for key, allowed in params["allowed_actions"].items():
        value = audit.config.get(key.lower(), "")
        action = value.split(" ", 1)[0].lower()
        line = f"{key} = {value or '(unset)'}"
        evidence.append(line)
        if action not in [a.lower() for a in allowed]:
            problems.append(f"{line} (allowed: {', '.join(allowed)})")
            settings.append(_setting(key, value))
    size = audit.config.get("max_log_file", "")
    line = f"max_log_file = {size or '(unset)'}"
    evidence.append(line)
    if not size.isdigit() or int(size) < params["min_max_log_file"]:
        problems.append(f"{line} (at least {params['min_max_log_file']} MB required)")
        settings.append(_setting("max_log_file", size))
    if problems:
        return failed(
            "auditd.conf space settings: {settings}",
            [*problems, "file: /etc/audit/auditd.conf"],
            settings=settings,
        )
    return passed("auditd keeps its logs and acts when space runs low", evidence)
