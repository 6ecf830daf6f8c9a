"""sshd's remaining hardening settings: no forwarding, no host-based or GSSAPI login, rhosts
ignored, no user environment, PAM used, short login grace time, few sessions and startups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped

# sshd's own defaults for keywords `sshd -T` always prints; used when an old sshd omits one.
DEFAULTS = {"maxstartups": "10:30:100", "maxsessions": "10", "logingracetime": "120"}


def _numbers(text: str) -> list[int] | None:
    parts = text.split(":")
    return [int(p) for p in parts] if all(p.isdigit() for p in parts) else None


def _meets(keyword: str, actual: str, expected: str) -> bool:
    """Whether sshd's value meets the expectation: a word, or ``<=N`` (and, for MaxStartups,
    ``<=start:rate:full``: start and full at most, drop rate at least)."""
    if not expected.startswith("<="):
        return actual.lower() == expected.lower()
    limit, value = _numbers(expected[2:]), _numbers(actual)
    if limit is None or value is None:
        return False
    if keyword == "maxstartups":
        value = (value + value[-1:] * 2)[:3] if len(value) < 3 else value
        start, rate, full = value[:3]
        return start <= limit[0] and rate >= limit[1] and full <= limit[2]
    return 0 < value[0] <= limit[0]


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")
    expected: Mapping[str, str] = params["settings"]
    actual = {k: (sshd.get(k) or [DEFAULTS.get(k, "(unset)")])[0] for k in expected}
    evidence = [f"{k} {v}" for k, v in actual.items()]
    wrong = [
        Message.of("{keyword} is {value}, expected {expected}", keyword=k, value=actual[k],
                   expected=str(v))
        for k, v in expected.items()
        if not _meets(k, actual[k], str(v))
    ]  # fmt: skip
    if wrong:
        return failed(
            "{count} sshd setting(s) weaker than required: {wrong}",
            evidence,
            count=len(wrong),
            wrong=wrong,
        )
    return passed(
        "sshd meets the {count} hardening settings required", evidence, count=len(expected)
    )
