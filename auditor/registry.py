"""Discover checks: the built-in ``checks/`` tree and the ``auditor.checks`` entry-point group.

A check is a module ``<id>.py`` defining ``evaluate(facts, params) -> Outcome`` with its
metadata in ``<id>.yaml`` beside it. An entry point may name one such module or a package,
in which case every check below the package is loaded.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import ValidationError

from auditor.errors import UsageError, ValidationFailed, problem
from auditor.facts import load_collectors
from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.metadata import CheckMeta
from auditor.outcome import Outcome
from auditor.probes import PROBES
from auditor.resources import builtin_dir
from auditor.yamlfile import read_yaml, validation_problems

ENTRY_POINT_GROUP = "auditor.checks"
RUNNER_FACTS = ("target",)  # provided by the runner from the inventory, not collected
Evaluate = Callable[[Facts, Mapping[str, Any]], Outcome]


@dataclass(frozen=True)
class Check:
    """A loaded check: validated metadata and its evaluate function."""

    meta: CheckMeta
    evaluate: Evaluate
    origin: str

    @property
    def id(self) -> str:
        return self.meta.id


def _check_files(root: Path) -> Iterable[Path]:
    return sorted(
        p for p in root.rglob("*.py") if not p.name.startswith("_") and "__pycache__" not in p.parts
    )


def _load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"auditor_check_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_check(path: Path, module: ModuleType | None = None, area_dir: bool = False) -> Check:
    """Load the check at ``path`` (the .py file); raise ValidationFailed listing its problems."""
    where = str(path)
    meta_path = path.with_suffix(".yaml")
    if not meta_path.is_file():
        raise ValidationFailed(
            where, [problem(where, "no metadata file {name} beside it", name=meta_path.name)]
        )
    try:
        raw, root = read_yaml(meta_path)
    except UsageError as exc:
        raise ValidationFailed(where, [exc.message]) from None
    try:
        meta = CheckMeta.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(where, validation_problems(meta_path, root, exc)) from None
    problems = []
    if meta.id != path.stem:
        problems.append(
            problem(
                str(meta_path),
                "id {id!r} differs from the file name {stem!r}",
                id=meta.id,
                stem=path.stem,
            )
        )
    if area_dir and path.parent.name != meta.area:
        problems.append(
            problem(
                str(meta_path),
                "area {area!r} but the check is in {folder}/",
                area=meta.area,
                folder=path.parent.name,
            )
        )
    collectors = load_collectors()
    known = {*collectors, *PROBES, *RUNNER_FACTS}
    problems += [
        problem(str(meta_path), "unknown fact {fact!r}", fact=f)
        for f in meta.facts
        if f not in known
    ]
    for name, spec in meta.parameters.items():
        fact, _, option = (spec.collector_option or "").partition(".")
        options = getattr(collectors.get(fact) or PROBES.get(fact), "options", {})
        if spec.collector_option and (
            fact not in meta.facts
            or option not in options
            or (isinstance(spec.default, str) and not spec.list_file) != (fact in PROBES)
            or spec.list_file != isinstance(options[option], tuple)
        ):
            problems.append(
                problem(
                    str(meta_path),
                    "parameter {name} sets {option!r}, not an option of a fact the check reads",
                    name=name,
                    option=spec.collector_option,
                )
            )
    if module is None:
        try:
            module = _load_module(path)
        except Exception as exc:  # a broken third-party check must not stop the others
            problems.append(problem(str(path), "cannot import: {problem}", problem=exc))
    evaluate = getattr(module, "evaluate", None) if module else None
    if module is not None and not callable(evaluate):
        problems.append(problem(str(path), "no evaluate(facts, params) function"))
    elif evaluate is not None and len(inspect.signature(evaluate).parameters) != 2:
        problems.append(problem(str(path), "evaluate must take exactly (facts, params)"))
    if problems:
        raise ValidationFailed(where, problems)
    assert evaluate is not None
    return Check(meta, evaluate, where)


def _entry_point_checks() -> Iterable[tuple[Path, ModuleType | None]]:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        module = importlib.import_module(ep.value.split(":")[0])
        if hasattr(module, "__path__"):
            for root in module.__path__:
                yield from ((p, None) for p in _check_files(Path(root)))
        elif module.__file__:
            yield Path(module.__file__), module


def load_checks(extra: Iterable[tuple[Path, ModuleType | None]] | None = None) -> dict[str, Check]:
    """All checks by id; raise ValidationFailed listing every problem found while loading."""
    checks: dict[str, Check] = {}
    problems: list[Message] = []
    sources: list[tuple[Path, ModuleType | None, bool]] = [
        (p, None, True) for p in _check_files(builtin_dir("checks"))
    ]
    try:
        sources += [
            (p, m, False) for p, m in (extra if extra is not None else _entry_point_checks())
        ]
    except Exception as exc:
        problems.append(problem(f"entry point group {ENTRY_POINT_GROUP}", "{problem}", problem=exc))
    for path, module, builtin in sources:
        try:
            check = load_check(path, module, area_dir=builtin)
        except ValidationFailed as exc:
            problems += exc.problems
            continue
        if check.id in checks:
            problems.append(
                problem(
                    str(path),
                    "check id {check!r} already defined by {origin}",
                    check=check.id,
                    origin=checks[check.id].origin,
                )
            )
            continue
        checks[check.id] = check
    if problems:
        raise ValidationFailed("checks", problems)
    return dict(sorted(checks.items()))
