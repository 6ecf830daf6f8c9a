"""System logs are kept at least as long as required (logrotate and journald settings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_journald import Journald
from auditor.facts.log_logrotate import Logrotate
from auditor.facts.log_syslog import SyslogConfig
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed
from auditor.parsers.logrotate import RotateRule, rule_for, timespan_seconds


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    syslog: SyslogConfig = facts["log_syslog"]
    logrotate: Logrotate = facts["log_logrotate"]
    journald: Journald = facts["log_journald"]
    required = params["months"] * 30
    files = list(
        dict.fromkeys(
            r.target for r in syslog.rules if r.kind == "file" and r.target.startswith("/")
        )
    )
    short, evidence = [], []
    kept_short: list[str | Message] = []
    by_rule: dict[RotateRule, list[str]] = {}
    for path in files:
        rule = rule_for(list(logrotate.rules), path)
        if rule is None:
            evidence.append(f"{path}: no logrotate rule (never rotated; kept until removed)")
        else:
            by_rule.setdefault(rule, []).append(path)
    for rule, paths in by_rule.items():
        line = f"{', '.join(paths)}: {rule.describe()} = {rule.days():g} days"
        if rule.days() < required:
            short.append(line)
            kept_short += paths
        else:
            evidence.append(line)
    journal = journald.installed and journald.persistent
    if journal:
        value, source = journald.settings.get("MaxRetentionSec", ("", ""))
        seconds = timespan_seconds(value) if value else None
        if seconds:
            days = f"{seconds / 86400:g}"
            line = f"journald MaxRetentionSec={value} ({source}) = {days} days"
            if seconds >= required * 86400:
                evidence.append(line)
            else:
                short.append(line)
                kept_short.append(
                    Message.of(
                        "journald MaxRetentionSec={value} ({source}) = {days} days",
                        value=value,
                        source=source,
                        days=days,
                    )
                )
        else:
            evidence.append("journald: no MaxRetentionSec, entries kept until its size limit")
    if short:
        return failed(
            "logs kept less than {months} months ({days} days): {logs}",
            [*short, *evidence],
            months=params["months"],
            days=required,
            logs=Message.comma_joined(kept_short),
        )
    if not files and not journal:
        return failed(
            "no log is kept on disk: no syslog file rule and no persistent journal",
            [f"syslog daemons installed: {', '.join(syslog.installed) or 'none'}"],
        )
    return passed(
        "logs kept at least {months} months ({days} days)",
        evidence,
        months=params["months"],
        days=required,
    )
