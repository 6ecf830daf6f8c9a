"""Idle SSH sessions are closed: ClientAlive* or ChannelTimeout within the limit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed, skipped

UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _seconds(text: str) -> int | None:
    """sshd time format: ``300``, ``5m``, ``1h30m``; None if unreadable."""
    parts = re.findall(r"(\d+)([smhdw]?)", text.lower())
    if not parts or "".join(n + u for n, u in parts) != text.lower():
        return None
    return sum(int(n) * UNITS[u] for n, u in parts)


def _session_timeout(values: list[str]) -> int | None:
    for value in values:
        for item in value.split():
            kind, _, interval = item.partition("=")
            if kind in {"session", "session:*", "*"}:
                return _seconds(interval)
    return None


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")
    limit = params["max_seconds"]
    interval = _seconds(sshd.get("clientaliveinterval", ["0"])[0]) or 0
    count = int(sshd.get("clientalivecountmax", ["3"])[0] or 3)
    alive = interval * max(count, 1)
    channel = _session_timeout(sshd.get("channeltimeout", []))
    evidence = [
        f"clientaliveinterval {interval}",
        f"clientalivecountmax {count}",
        f"channeltimeout {' '.join(sshd.get('channeltimeout', ['(not set)']))}",
    ]
    if channel and channel <= limit:
        return passed(
            "sshd closes idle sessions after {seconds} s (ChannelTimeout)",
            evidence,
            seconds=channel,
        )
    if 0 < alive <= limit:
        return passed(
            "sshd ClientAliveInterval {interval} × ClientAliveCountMax {count} = "
            "{alive} s (limit {limit} s); note: this disconnects unresponsive clients",
            evidence,
            interval=interval,
            count=max(count, 1),
            alive=alive,
            limit=limit,
        )
    if alive == 0:
        return failed(
            "no SSH idle timeout: ClientAliveInterval is 0 (limit {limit} s)", evidence, limit=limit
        )
    return failed(
        "SSH idle timeout too long: ClientAliveInterval {interval} × ClientAliveCountMax "
        "{count} = {alive} s > {limit} s",
        evidence,
        interval=interval,
        count=max(count, 1),
        alive=alive,
        limit=limit,
    )
