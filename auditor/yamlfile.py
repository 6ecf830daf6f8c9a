"""Read YAML files for validation: data plus the line of every node, for error locations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import UsageError


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The document's data and its node tree; UsageError if unreadable or not YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(f"{path}{where}: invalid YAML: {problem}") from None


Loc = tuple[str | int, ...]


def line_of(node: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """1-based line of the node at ``loc`` (mapping keys and sequence indexes), or its parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            match = node.value[step]
        else:
            match = None
        if match is None:
            break
        node, line = match, match.start_mark.line + 1
    return line


def dotted(loc: Sequence[str | int]) -> str:
    """A location like ``units[0].hosts[1].address``."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top)"


def validation_problems(
    path: Path, root: yaml.Node | None, exc: Any, prefix: Loc = ()
) -> list[str]:
    """A pydantic ValidationError as ``file:line: location: message`` lines."""
    problems = []
    for e in exc.errors():
        loc = (*prefix, *e["loc"])
        message = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            message = "unknown field"
        problems.append(f"{path}:{line_of(root, loc)}: {dotted(loc)}: {message}")
    return problems
