"""Packages were installed or upgraded recently (the host is being patched)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pkg_history import PackageHistory
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed

_LOGS = {"dpkg": "/var/log/dpkg.log*", "rpm": "the rpm database"}
_SHOWN: dict[str, str | Message] = {
    "dpkg": "/var/log/dpkg.log*",
    "rpm": Message.of("the rpm database"),
}


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    history: PackageHistory = facts["pkg_history"]
    clock: int = facts["clock"]
    limit = params["max_days"]
    where = _LOGS.get(history.source, history.source)
    if not history.events:
        return failed(
            "no package install or upgrade recorded in {where}",
            [f"{where}: no install/upgrade entries (older logs rotated away?)"],
            where=_SHOWN.get(history.source, history.source),
        )
    latest = history.events[0]
    days = (clock - latest.time) / 86400
    when = datetime.fromtimestamp(latest.time, UTC).strftime("%Y-%m-%d")
    evidence = [f"{where}: {event.line}" for event in history.events]
    if days > limit:
        return failed(
            "last package install or upgrade was {days} days ago ({when}), more than {limit}",
            evidence,
            days=f"{days:.0f}",
            when=when,
            limit=limit,
        )
    return passed(
        "last package install or upgrade {days} day(s) ago ({when})",
        evidence,
        days=f"{days:.0f}",
        when=when,
    )
