"""Inspectors' answers to the manual requirements of a profile: what no command can see (the
look-up procedures at one-stop-shop counters, physical security of terminals, who holds which
account). Answers come from a YAML file or are asked on a terminal, and are stored per quarter,
unit and requirement, to be rolled up with the automated results of that quarter.

```yaml
answers:
  - unit: q1
    requirement: INSP-01
    result: met              # met, not_met or not_applicable
    note: Quy trình tra cứu đúng hướng dẫn
    inspector: Nguyễn Văn A
    date: 2026-11-20         # the quarter is the one of this date
```
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.errors import UsageError, ValidationFailed, problem
from auditor.profiles import Profile, ResolvedRequirement
from auditor.results import quarter_of
from auditor.store.records import Answer
from auditor.yamlfile import located, read_yaml, validation_problems

RESULTS = ("met", "not_met", "not_applicable")


class AnswerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str = Field(min_length=1)
    requirement: str = Field(min_length=1)
    result: Literal["met", "not_met", "not_applicable"]
    note: str | None = None
    inspector: str = Field(min_length=1)
    date: date


class AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    answers: list[AnswerEntry] = Field(min_length=1)


def manual_requirements(profile: Profile) -> list[ResolvedRequirement]:
    return [r for r in profile.requirements if r.manual]


def load_answers(path: Path, profile: Profile, units: set[str] | None = None) -> list[Answer]:
    """Answers of a file, each to a manual requirement of ``profile`` (and a unit of ``units``
    when given); ValidationFailed lists every problem with its line."""
    data, root = read_yaml(path)
    try:
        model = AnswersFile.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(str(path), validation_problems(path, root, exc)) from None
    manual = {r.id for r in manual_requirements(profile)}
    problems = []
    for i, a in enumerate(model.answers):
        if a.requirement not in manual:
            problems.append(
                problem(
                    located(path, root, ("answers", i, "requirement")),
                    "{requirement!r} is not a manual requirement of {profile} (manual: {known})",
                    requirement=a.requirement,
                    profile=profile.id,
                    known=sorted(manual) or ["none"],
                )
            )
        if units is not None and a.unit not in units:
            problems.append(
                problem(
                    located(path, root, ("answers", i, "unit")),
                    "unknown unit {unit!r}",
                    unit=a.unit,
                )
            )
    if problems:
        raise ValidationFailed(str(path), problems)
    return [
        Answer(quarter_of(a.date), a.unit, a.requirement, a.result, a.note, a.inspector,
               a.date.isoformat(), str(path))
        for a in model.answers
    ]  # fmt: skip


def ask_answers(
    profile: Profile,
    unit: str,
    inspector: str,
    today: date,
    lang: str,
    ask: Callable[[str, Sequence[str]], str],
    note: Callable[[str], str],
    show: Callable[[str], None],
) -> list[Answer]:
    """Ask each manual requirement's questions about ``unit`` and take the inspector's answer."""
    manual = manual_requirements(profile)
    if not manual:
        raise UsageError("profile {profile} has no manual requirement", profile=profile.id)
    answers = []
    for req in manual:
        show(f"\n{req.id} ({req.clause}): {req.title.get(lang)}")
        for question in req.questions:
            show(f"  - {question.get(lang)}")
        result = ask(f"{req.id}", RESULTS)
        answers.append(
            Answer(quarter_of(today), unit, req.id, result, note(req.id) or None, inspector,
                   today.isoformat(), "prompt")
        )  # fmt: skip
    return answers
