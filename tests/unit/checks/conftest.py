"""Run checks on recorded facts: ``evaluate(check_id, params=None, **facts)``.

Each fact is a :class:`Raw` (parsed by its collector, as on a real host), a string naming a
recorded output under ``tests/data/facts/`` (parsed the same way), a :class:`FactError`
(the fact could not be collected), or an already-parsed value.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import FactError, Facts, Raw, Target
from auditor.judge import judge
from auditor.list_files import with_lists
from auditor.outcome import Outcome
from auditor.registry import RUNNER_FACTS, Check, load_checks

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"


def recorded(name: str, rc: int = 0) -> Raw:
    """A recorded collector output, e.g. ``recorded("sshd/hardened.txt")``."""
    return Raw((DATA / name).read_text(encoding="utf-8"), rc)


@pytest.fixture(scope="session")
def checks() -> dict[str, Check]:
    return load_checks(extra=[])


@pytest.fixture
def evaluate(checks: dict[str, Check]) -> Callable[..., Outcome]:
    collectors = load_collectors()

    def run(check_id: str, params: dict[str, Any] | None = None, **given: Any) -> Outcome:
        check = checks[check_id]
        facts = Facts()
        facts.values["target"] = given.pop("target", Target("host", "127.0.0.1"))
        for name in (f for f in check.meta.facts if f not in RUNNER_FACTS):
            value = given.pop(name)
            if isinstance(value, str):
                value = recorded(value)
            if isinstance(value, FactError):
                facts.errors[name] = str(value)
                continue
            if isinstance(value, Raw):
                try:
                    value = collectors[name].parse(value)
                except FactError as exc:
                    facts.errors[name] = str(exc)
                    continue
            facts.values[name] = value
        assert not given, f"facts not used by {check_id}: {sorted(given)}"
        return judge(check, facts, with_lists(check, {**check.meta.defaults(), **(params or {})}))

    return run


# The moment the recorded shadow files are judged at (2025-11-22).
RECORDED_CLOCK = 1763800000


@pytest.fixture
def evaluate_ageing(evaluate: Callable[..., Outcome]) -> Callable[..., Outcome]:
    """``evaluate_ageing(check_id, defs, shadow, params=None)``: a check on recorded
    ``login_defs/<defs>.txt`` and ``shadow/<shadow>.txt``, at ``RECORDED_CLOCK``."""

    def run(check_id: str, defs: str, shadow: str, params: dict[str, Any] | None = None) -> Outcome:
        return evaluate(
            check_id,
            params,
            login_defs=f"login_defs/{defs}.txt",
            shadow=f"shadow/{shadow}.txt",
            clock=RECORDED_CLOCK,
        )

    return run
