"""Apply one check to one host's facts: the only place a check's code is called."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import FactError, Facts
from auditor.outcome import Outcome, errored, skipped
from auditor.redact import redact_lines, redact_message
from auditor.registry import Check

MAX_EVIDENCE_LINES = 40
MAX_EVIDENCE_CHARS = 400


def _trim(evidence: tuple[str, ...]) -> tuple[str, ...]:
    lines = [e if len(e) <= MAX_EVIDENCE_CHARS else e[:MAX_EVIDENCE_CHARS] + "…" for e in evidence]
    if len(lines) > MAX_EVIDENCE_LINES:
        more = len(lines) - MAX_EVIDENCE_LINES
        lines = [*lines[:MAX_EVIDENCE_LINES], f"… ({more} more lines)"]
    return tuple(lines)


def judge(check: Check, facts: Facts, params: Mapping[str, Any] | None = None) -> Outcome:
    """The check's outcome on these facts with these parameters (defaults filled in).

    A fact that could not be collected, or a check that raises, gives ``error`` with the reason;
    a host whose role the check does not apply to gives ``skip``. Password hashes, key material
    and given passwords are removed from the message and the evidence (:mod:`auditor.redact`).
    """
    outcome = _verdict(check, facts, params)
    evidence = _trim(redact_lines(outcome.evidence))
    return Outcome(outcome.status, redact_message(outcome.text), evidence)


def _verdict(check: Check, facts: Facts, params: Mapping[str, Any] | None) -> Outcome:
    target = facts.values.get("target")
    if target is not None and target.role not in check.meta.roles:
        return skipped(
            "applies to {roles} hosts, not to a {role}",
            roles=list(check.meta.roles),
            role=target.role,
        )
    missing = [f"{name}: {facts.errors[name]}" for name in check.meta.facts if name in facts.errors]
    if missing:
        return errored("fact not available: {reasons}", reasons="; ".join(missing))
    merged = {**check.meta.defaults(), **(params or {})}
    try:
        outcome = check.evaluate(facts.only(check.meta.facts), merged)
    except FactError as exc:
        return errored("fact not available: {reason}", reason=str(exc))
    except Exception as exc:  # a check bug must give an error result, not stop the scan
        return errored(
            "check {check} failed: {exception}: {reason}",
            check=check.id,
            exception=type(exc).__name__,
            reason=str(exc),
        )
    if not isinstance(outcome, Outcome):
        return errored(
            "check {check} returned {type}, not an Outcome",
            check=check.id,
            type=type(outcome).__name__,
        )
    return outcome
