"""Compliance profiles: which checks run, with which parameters.

A profile selects checks by id, area or tag (``include``; none means every check), may
``extends`` another profile (whose selection and parameters it starts from), removes checks
with ``exclude`` and overrides parameters per check. Checks never name profiles.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.errors import UsageError, ValidationFailed
from auditor.metadata import Area, Text
from auditor.registry import Check
from auditor.resources import builtin_dir
from auditor.yamlfile import dotted, line_of, read_yaml

DEFAULT_PROFILE = "de-an-06"


class Selector(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ids: list[str] = []
    areas: list[Area] = []
    tags: list[str] = []

    def matches(self, check: Check) -> bool:
        m = check.meta
        return m.id in self.ids or m.area in self.areas or bool(set(self.tags) & set(m.tags))

    def empty(self) -> bool:
        return not (self.ids or self.areas or self.tags)


class ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: Text
    description: Text | None = None
    standard: str | None = None
    extends: str | None = None
    include: Selector = Selector()
    exclude: Selector = Selector()
    parameters: dict[str, dict[str, Any]] = {}


@dataclass(frozen=True)
class Profile:
    """A resolved profile: the checks it runs, in id order, with their parameters."""

    model: ProfileModel
    path: Path
    checks: tuple[Check, ...]
    parameters: dict[str, dict[str, Any]]

    @property
    def id(self) -> str:
        return self.model.id

    def params_for(self, check: Check) -> dict[str, Any]:
        return {**check.meta.defaults(), **self.parameters.get(check.id, {})}

    @property
    def digest(self) -> str:
        """SHA-256 of the resolved content: the checks run and the parameters of each."""
        content = {"id": self.id, "checks": {c.id: self.params_for(c) for c in self.checks}}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def profile_paths() -> dict[str, Path]:
    """Built-in profiles by id (the file name without .yaml)."""
    return {p.stem: p for p in sorted(builtin_dir("profiles").glob("*.yaml"))}


def _locate(ref: str) -> Path:
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or path.is_file():
        return path
    found = profile_paths().get(ref)
    if found is None:
        known = ", ".join(profile_paths()) or "none"
        raise UsageError(
            f"unknown profile {ref!r} (built-in profiles: {known}; or give a file path)"
        )
    return found


def _read(path: Path) -> ProfileModel:
    data, root = read_yaml(path)
    try:
        return ProfileModel.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{path}:{line_of(root, e['loc'])}: {dotted(e['loc'])}: "
            + ("unknown field" if e["type"] == "extra_forbidden" else e["msg"])
            for e in exc.errors()
        ]
        raise ValidationFailed(str(path), problems) from None


def _param_problems(model: ProfileModel, path: Path, checks: dict[str, Check]) -> list[str]:
    problems = []
    for ids, what in ((model.include.ids, "include"), (model.exclude.ids, "exclude")):
        problems += [f"{path}: {what}.ids: unknown check {i!r}" for i in ids if i not in checks]
    for check_id, values in model.parameters.items():
        check = checks.get(check_id)
        if check is None:
            problems.append(f"{path}: parameters.{check_id}: unknown check")
            continue
        for name, value in values.items():
            spec = check.meta.parameters.get(name)
            if spec is None:
                known = ", ".join(check.meta.parameters) or "none"
                problems.append(
                    f"{path}: parameters.{check_id}.{name}: unknown parameter (known: {known})"
                )
            elif not _same_kind(spec.default, value):
                problems.append(
                    f"{path}: parameters.{check_id}.{name}: expected a {_kind(spec.default)}, "
                    f"got {value!r}"
                )
    return problems


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {list: "list", dict: "mapping", str: "string"}.get(type(value), type(value).__name__)


def _same_kind(default: Any, value: Any) -> bool:
    return default is None or value is None or _kind(default) == _kind(value)


def load_profile(ref: str, checks: dict[str, Check]) -> Profile:
    """Resolve a profile by id or path, following ``extends``; ValidationFailed lists problems."""
    chain: list[tuple[ProfileModel, Path]] = []
    seen: list[str] = []
    current: str | None = ref
    while current is not None:
        path = _locate(current)
        model = _read(path)
        if model.id in seen:
            raise ValidationFailed(
                str(path), [f"{path}: extends cycle: {' -> '.join([*seen, model.id])}"]
            )
        seen.append(model.id)
        chain.append((model, path))
        current = model.extends
    problems = [p for model, path in chain for p in _param_problems(model, path, checks)]
    if problems:
        raise ValidationFailed(str(chain[0][1]), problems)
    selected: set[str] = set()
    parameters: dict[str, dict[str, Any]] = {}
    for i, (model, _) in enumerate(reversed(chain)):
        if i == 0 and model.include.empty():
            selected = set(checks)
        selected |= {c for c, check in checks.items() if model.include.matches(check)}
        selected -= {c for c, check in checks.items() if model.exclude.matches(check)}
        for check_id, values in model.parameters.items():
            parameters[check_id] = {**parameters.get(check_id, {}), **values}
    top, path = chain[0]
    return Profile(top, path, tuple(checks[c] for c in sorted(selected)), parameters)
