"""Compliance profiles: the requirements of a standard at a level, and the checks that evidence
each, with that level's thresholds and where each threshold comes from.

A profile lists ``requirements`` (an id such as ACC-01, titles, the clause, the roles it applies
to, and its evidence: checks with parameters and a source, per role when server and terminal
differ), or ``manual`` requirements that an inspector answers. It may ``extends`` another
profile: a requirement with the same id replaces the parent's, ``exclude`` removes checks or
requirements, ``parameters`` overrides a check's parameters for every role, and ``rules`` (or
``rule_files``) add local YAML rules. A profile without requirements anywhere in its chain
selects checks directly with ``include`` (none means every check). Checks never name profiles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from auditor.errors import Invalid, UsageError, ValidationFailed, problem
from auditor.local_rules import LocalRule, rule_check
from auditor.messages import Message
from auditor.metadata import Area, Role, Text
from auditor.registry import Check
from auditor.resources import builtin_dir
from auditor.standards import load_sources
from auditor.yamlfile import Loc, located, read_yaml, validation_problems

DEFAULT_PROFILE = "de-an-06"
ROLES: tuple[str, ...] = ("server", "terminal", "device")


def applicable(check: Check, roles: Sequence[str]) -> tuple[str, ...]:
    """``roles`` a requirement gives a check, less ``device`` unless the check judges devices
    (only network checks can: a device has no login)."""
    return tuple(r for r in roles if r != "device" or "device" in check.meta.roles)


REQUIREMENT_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Selector(_Strict):
    ids: list[str] = []
    areas: list[Area] = []
    tags: list[str] = []
    requirements: list[str] = []

    def matches(self, check: Check) -> bool:
        m = check.meta
        return m.id in self.ids or m.area in self.areas or bool(set(self.tags) & set(m.tags))

    def empty(self) -> bool:
        return not (self.ids or self.areas or self.tags)


class SourceRef(_Strict):
    """Where a threshold comes from: a source of ``standards/sources.yaml`` and its clause;
    ``grade`` overrides the source's own (e.g. an inference drawn from an official text)."""

    ref: str
    clause: str | None = None
    grade: Literal["V", "P", "I"] | None = None

    def grade_of(self) -> str:
        source = load_sources().get(self.ref)
        return self.grade or (source.grade if source else "I")

    def cite(self) -> str:
        source = load_sources().get(self.ref)
        title = source.title if source else self.ref
        return f"{title}{' ' + self.clause if self.clause else ''} ({self.grade_of()})"


class CheckEntry(_Strict):
    """A check as evidence of a requirement, for some roles, with that level's thresholds."""

    check: str
    roles: list[Role] | None = None
    parameters: dict[str, Any] = {}
    source: SourceRef | None = None


class Requirement(_Strict):
    id: str = Field(pattern=REQUIREMENT_ID)
    title: Text
    description: Text
    clause: str = Field(min_length=1)
    roles: list[Role] = list(ROLES)  # type: ignore[assignment]
    checks: list[CheckEntry] = []
    manual: bool = False
    questions: list[Text] = []

    @model_validator(mode="after")
    def _evidence(self) -> Requirement:
        if self.manual and (self.checks or not self.questions):
            raise Invalid("a manual requirement has questions for the inspector, no checks")
        if not self.manual and (self.questions or not self.checks):
            raise Invalid("a requirement lists the checks that evidence it (or is manual)")
        return self


class ProfileModel(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: Text
    description: Text | None = None
    standard: str | None = None
    level: int | None = Field(default=None, ge=1, le=5)
    extends: str | None = None
    requirements: list[Requirement] = []
    include: Selector = Selector()
    exclude: Selector = Selector()
    parameters: dict[str, dict[str, Any]] = {}
    rules: list[LocalRule] = []
    rule_files: list[str] = []


@dataclass(frozen=True)
class Evidence:
    """A check evidencing a requirement for ``roles``, with parameters and their source."""

    check_id: str
    roles: tuple[str, ...]
    parameters: dict[str, Any]
    source: SourceRef | None


@dataclass(frozen=True)
class ResolvedRequirement:
    id: str
    title: Text
    description: Text
    clause: str
    roles: tuple[str, ...]
    manual: bool
    questions: tuple[Text, ...]
    evidence: tuple[Evidence, ...]
    defined_in: str  # id of the profile of the chain that defines it

    def check_ids(self, role: str | None = None) -> list[str]:
        """Checks that evidence it (for ``role``, or for any role)."""
        found = (e.check_id for e in self.evidence if role is None or role in e.roles)
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Profile:
    """A resolved profile: requirements, the checks each role runs and their parameters."""

    model: ProfileModel
    path: Path
    checks: tuple[Check, ...]  # every check some role runs, in id order
    requirements: tuple[ResolvedRequirement, ...]
    selection: dict[str, tuple[str, ...]]  # check id -> the roles that run it
    overrides: dict[str, dict[str, Any]]
    local_rules: tuple[LocalRule, ...] = ()
    chain: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.model.id

    def checks_for(self, role: str) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if role in self.selection[c.id])

    def params_for(self, check: Check, role: str | None = None) -> dict[str, Any]:
        """Defaults, then the thresholds of the requirements for ``role``, then overrides."""
        params = check.meta.defaults()
        for req in self.requirements:
            for e in req.evidence:
                if e.check_id == check.id and (role is None or role in e.roles):
                    params.update(e.parameters)
        params.update(self.overrides.get(check.id, {}))
        return params

    def requirement(self, requirement_id: str) -> ResolvedRequirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def content(self) -> dict[str, Any]:
        """What the profile asks, as stored with each scan: requirements, checks per role with
        their parameters, and local rules."""
        return {
            "id": self.id,
            "title": self.model.title.model_dump(),
            "standard": self.model.standard,
            "level": self.model.level,
            "chain": list(self.chain),
            "requirements": [
                {
                    "id": r.id,
                    "title": r.title.model_dump(),
                    "description": r.description.model_dump(),
                    "clause": r.clause,
                    "roles": list(r.roles),
                    "manual": r.manual,
                    "questions": [q.model_dump() for q in r.questions],
                    "evidence": [
                        {
                            "check": e.check_id,
                            "roles": list(e.roles),
                            "parameters": e.parameters,
                            "source": e.source.model_dump(exclude_none=True) if e.source else None,
                        }
                        for e in r.evidence
                    ],
                }
                for r in self.requirements
            ],
            "checks": {
                c.id: {role: self.params_for(c, role) for role in self.selection[c.id]}
                for c in self.checks
            },
            "rules": [r.model_dump(mode="json", exclude_none=True) for r in self.local_rules],
        }

    @property
    def digest(self) -> str:
        """SHA-256 of the resolved content."""
        text = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def profile_paths() -> dict[str, Path]:
    """Built-in profiles by id (the file name without .yaml)."""
    return {p.stem: p for p in sorted(builtin_dir("profiles").glob("*.yaml"))}


def _locate(ref: str, relative_to: Path | None = None) -> Path:
    path = Path(ref)
    if relative_to is not None and not path.is_absolute() and path.suffix in {".yaml", ".yml"}:
        beside = relative_to.parent / path
        if beside.is_file():
            return beside
    if path.suffix in {".yaml", ".yml"} or path.is_file():
        return path
    found = profile_paths().get(ref)
    if found is None:
        known = ", ".join(profile_paths()) or "none"
        raise UsageError(
            "unknown profile {ref!r} (built-in profiles: {known}; or give a file path)",
            ref=ref,
            known=known,
        )
    return found


@dataclass
class _Doc:
    """One file of a profile's chain: its model and where each node is, for problems."""

    model: ProfileModel
    path: Path
    root: yaml.Node | None
    rules: list[tuple[LocalRule, Path, yaml.Node | None, Loc]] = field(default_factory=list)

    def at(self, loc: Loc, template: str, **args: Any) -> Message:
        """A problem of this document at ``loc``."""
        return problem(located(self.path, self.root, loc), template, **args)


def _read(path: Path) -> _Doc:
    data, root = read_yaml(path)
    try:
        doc = _Doc(ProfileModel.model_validate(data), path, root)
    except ValidationError as exc:
        raise ValidationFailed(str(path), validation_problems(path, root, exc)) from None
    doc.rules = [(r, path, root, ("rules", i)) for i, r in enumerate(doc.model.rules)]
    problems: list[Message] = []
    for i, name in enumerate(doc.model.rule_files):
        rules_path = _locate(name, path) if name.endswith((".yaml", ".yml")) else Path(name)
        rules_data, rules_root = read_yaml(rules_path)
        items = rules_data.get("rules") if isinstance(rules_data, dict) else None
        if not isinstance(items, list):
            problems.append(
                doc.at(
                    ("rule_files", i), "{rules_path} has no 'rules:' list", rules_path=rules_path
                )
            )
            continue
        for j, item in enumerate(items):
            try:
                rule = LocalRule.model_validate(item)
            except ValidationError as exc:
                problems += validation_problems(rules_path, rules_root, exc, ("rules", j))
                continue
            doc.rules.append((rule, rules_path, rules_root, ("rules", j)))
    if problems:
        raise ValidationFailed(str(path), problems)
    return doc


def _chain(ref: str) -> list[_Doc]:
    """The profile and its ancestors, the profile first."""
    docs: list[_Doc] = []
    current: str | None = ref
    relative_to: Path | None = None
    while current is not None:
        path = _locate(current, relative_to)
        doc = _read(path)
        seen = [d.model.id for d in docs]
        if doc.model.id in seen:
            cycle = " -> ".join([*seen, doc.model.id])
            raise ValidationFailed(
                str(path), [doc.at(("extends",), "extends cycle: {cycle}", cycle=cycle)]
            )
        docs.append(doc)
        current, relative_to = doc.model.extends, path
    return docs


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {list: "list", dict: "mapping", str: "string"}.get(type(value), type(value).__name__)


# A parameter's kind as problems name it.
KIND_NAMES = {
    "boolean": Message.of("boolean (true or false)"),
    "number": Message.of("number"),
    "list": Message.of("list"),
    "mapping": Message.of("mapping"),
    "string": Message.of("string"),
}


def _param_problems(doc: _Doc, loc: Loc, check: Check, values: dict[str, Any]) -> Iterator[Message]:
    """Unknown, ill-typed or out-of-range parameters of ``check``."""
    for name, value in values.items():
        spec = check.meta.parameters.get(name)
        where = (*loc, name)
        if spec is None:
            known = ", ".join(check.meta.parameters) or "none"
            yield doc.at(
                where, "unknown parameter of {check} (known: {known})", check=check.id, known=known
            )
        elif spec.default is not None and value is not None and _kind(spec.default) != _kind(value):
            yield doc.at(
                where,
                "expected a {kind}, got {value!r}",
                kind=KIND_NAMES.get(_kind(spec.default), _kind(spec.default)),
                value=value,
            )
        elif _kind(value) == "number" and not spec.allows(value):
            yield doc.at(
                where,
                "{value!r} is out of range ({allowed})",
                value=value,
                allowed=spec.range_text(),
            )


class _Resolver:
    """Resolve a chain of profile files, collecting every problem with its file and line."""

    def __init__(self, docs: list[_Doc], catalogue: dict[str, Check]) -> None:
        self.docs = docs
        self.catalogue = dict(catalogue)
        self.problems: list[Message] = []

    def run(self) -> Profile:
        rules = self._local_rules()
        requirements = self._requirements()
        selection = self._selection(requirements, rules)
        overrides = self._overrides(selection)
        self._conflicts(requirements)
        if self.problems:
            raise ValidationFailed(str(self.docs[0].path), self.problems)
        top = self.docs[0]
        return Profile(
            top.model,
            top.path,
            tuple(self.catalogue[c] for c in sorted(selection)),
            tuple(requirements.values()),
            {c: tuple(r for r in ROLES if r in roles) for c, roles in selection.items()},
            overrides,
            tuple(rules),
            tuple(d.model.id for d in self.docs),
        )

    def _local_rules(self) -> list[LocalRule]:
        found: list[LocalRule] = []
        for doc in reversed(self.docs):
            for rule, path, root, loc in doc.rules:
                if rule.id in self.catalogue and rule.id not in {r.id for r in found}:
                    where = located(path, root, (*loc, "id"))
                    self.problems.append(
                        problem(where, "{rule!r} is already a check id", rule=rule.id)
                    )
                    continue
                found = [r for r in found if r.id != rule.id] + [rule]
                self.catalogue[rule.id] = rule_check(rule, str(path))
        return found

    def _requirements(self) -> dict[str, ResolvedRequirement]:
        found: dict[str, ResolvedRequirement] = {}
        for doc in reversed(self.docs):
            for i, req in enumerate(doc.model.requirements):
                found[req.id] = self._requirement(doc, ("requirements", i), req)
            for i, rid in enumerate(doc.model.exclude.requirements):
                if rid not in found:
                    loc = ("exclude", "requirements", i)
                    self.problems.append(doc.at(loc, "unknown requirement {rid!r}", rid=rid))
                found.pop(rid, None)
        return found

    def _requirement(self, doc: _Doc, loc: Loc, req: Requirement) -> ResolvedRequirement:
        evidence = []
        sources = load_sources()
        for j, entry in enumerate(req.checks):
            where = (*loc, "checks", j)
            check = self.catalogue.get(entry.check)
            if check is None:
                self.problems.append(
                    doc.at((*where, "check"), "unknown check {check!r}", check=entry.check)
                )
                continue
            roles = tuple(entry.roles or req.roles)
            outside = sorted(set(roles) - set(req.roles))
            if outside:
                self.problems.append(
                    doc.at(
                        (*where, "roles"),
                        "roles {roles} are not roles of requirement {requirement}",
                        roles=outside,
                        requirement=req.id,
                    )
                )
            self.problems += _param_problems(doc, (*where, "parameters"), check, entry.parameters)
            if entry.parameters and entry.source is None:
                self.problems.append(
                    doc.at(
                        (*where, "parameters"),
                        "thresholds need a source (source: {{ref: ..., clause: ...}})",
                    )
                )
            if entry.source is not None and entry.source.ref not in sources:
                self.problems.append(
                    doc.at(
                        (*where, "source", "ref"),
                        "unknown source {ref!r} (standards/sources.yaml: {known})",
                        ref=entry.source.ref,
                        known=list(sources),
                    )
                )
            roles = applicable(check, roles)
            evidence.append(Evidence(entry.check, roles, dict(entry.parameters), entry.source))
        return ResolvedRequirement(
            req.id, req.title, req.description, req.clause, tuple(req.roles), req.manual,
            tuple(req.questions), tuple(evidence), doc.model.id,
        )  # fmt: skip

    def _selector_problems(self, doc: _Doc, name: str, sel: Selector) -> None:
        checks = self.catalogue.values()
        for i, cid in enumerate(sel.ids):
            if cid not in self.catalogue:
                self.problems.append(doc.at((name, "ids", i), "unknown check {cid!r}", cid=cid))
        for i, area in enumerate(sel.areas):
            if not any(c.meta.area == area for c in checks):
                self.problems.append(
                    doc.at((name, "areas", i), "no check in area {area!r}", area=area)
                )
        for i, tag in enumerate(sel.tags):
            if not any(tag in c.meta.tags for c in checks):
                self.problems.append(doc.at((name, "tags", i), "no check has tag {tag!r}", tag=tag))

    def _selection(
        self, requirements: dict[str, ResolvedRequirement], rules: list[LocalRule]
    ) -> dict[str, set[str]]:
        """Check id -> roles that run it: from the requirements, or without any from ``include``
        and the local rules declared."""
        selection: dict[str, set[str]] = {}
        for req in requirements.values():
            for e in req.evidence:
                selection.setdefault(e.check_id, set()).update(e.roles)
        has_requirements = any(d.model.requirements for d in self.docs)
        for rule in rules:
            if not has_requirements:
                selection.setdefault(rule.id, set()).update(rule.roles)
            elif rule.id not in selection:
                self.problems.append(
                    problem(
                        str(self.docs[0].path),
                        "local rule {rule!r} belongs to no requirement",
                        rule=rule.id,
                    )
                )
        for doc in reversed(self.docs):
            self._selector_problems(doc, "include", doc.model.include)
            self._selector_problems(doc, "exclude", doc.model.exclude)
            if not has_requirements and doc is self.docs[-1] and doc.model.include.empty():
                selection = {c: set(applicable(ch, ROLES)) for c, ch in self.catalogue.items()}
            for cid, check in self.catalogue.items():
                if doc.model.include.matches(check):
                    if has_requirements:
                        self.problems.append(
                            doc.at(("include",), "check {cid!r} belongs to no requirement", cid=cid)
                        )
                    selection.setdefault(cid, set()).update(applicable(check, ROLES))
                if doc.model.exclude.matches(check):
                    selection.pop(cid, None)
        return selection

    def _overrides(self, selection: dict[str, set[str]]) -> dict[str, dict[str, Any]]:
        overrides: dict[str, dict[str, Any]] = {}
        for doc in reversed(self.docs):
            for cid, values in doc.model.parameters.items():
                check = self.catalogue.get(cid)
                if check is None:
                    self.problems.append(doc.at(("parameters", cid), "unknown check"))
                    continue
                if cid not in selection and doc is self.docs[0]:
                    self.problems.append(
                        doc.at(("parameters", cid), "the profile does not run this check")
                    )
                self.problems += _param_problems(doc, ("parameters", cid), check, values)
                overrides[cid] = {**overrides.get(cid, {}), **values}
        return overrides

    def _conflicts(self, requirements: dict[str, ResolvedRequirement]) -> None:
        """Two requirements may cite one check, but not with different thresholds for a role."""
        seen: dict[tuple[str, str, str], tuple[Any, str]] = {}
        for req in requirements.values():
            for e in req.evidence:
                for role in e.roles:
                    for name, value in e.parameters.items():
                        key = (e.check_id, role, name)
                        if key in seen and seen[key][0] != value:
                            self.problems.append(
                                problem(
                                    str(self.docs[0].path),
                                    "requirements {first} and {second} set {check}.{name} "
                                    "differently for a {role} ({one!r} and {other!r})",
                                    first=seen[key][1],
                                    second=req.id,
                                    check=e.check_id,
                                    name=name,
                                    role=role,
                                    one=seen[key][0],
                                    other=value,
                                )
                            )
                        seen.setdefault(key, (value, req.id))


def load_profile(ref: str, checks: dict[str, Check]) -> Profile:
    """Resolve a profile by id or path, following ``extends``; ValidationFailed lists problems."""
    return _Resolver(_chain(ref), checks).run()
