"""Read YAML files for validation: data plus the line of every node, for error locations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import Invalid, UsageError
from auditor.i18n import N_
from auditor.messages import Message


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The document's data and its node tree; UsageError if unreadable or not YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError("{path}: no such file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("{path}: cannot read: {exc}", path=path, exc=exc) from None
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(
            "{path}{where}: invalid YAML: {problem}", path=path, where=where, problem=problem
        ) from None


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


def located(path: Path | str, root: yaml.Node | None, loc: Sequence[str | int]) -> str:
    """``file:line: location`` of a node (the line left out when unknown)."""
    line = line_of(root, loc)
    return f"{path}:{line}: {dotted(loc)}" if line else f"{path}: {dotted(loc)}"


# What pydantic's errors mean, by error type; the fields come from the error's context.
PYDANTIC_MESSAGES = {
    "missing": N_("a required field is missing"),
    "extra_forbidden": N_("unknown field"),
    "string_type": N_("must be text"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "list_type": N_("must be a list"),
    "tuple_type": N_("must be a list"),
    "set_type": N_("must be a list"),
    "dict_type": N_("must be a mapping"),
    "model_type": N_("must be a mapping"),
    "model_attributes_type": N_("must be a mapping"),
    "literal_error": N_("must be one of {expected}"),
    "enum": N_("must be one of {expected}"),
    "date_type": N_("must be a date such as 2027-01-05"),
    "date_parsing": N_("must be a date such as 2027-01-05"),
    "date_from_datetime_parsing": N_("must be a date such as 2027-01-05"),
    "date_from_datetime_inexact": N_("must be a date such as 2027-01-05"),
    "greater_than": N_("must be more than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "too_short": N_("must have at least {min_length} item(s)"),
    "too_long": N_("must have at most {max_length} item(s)"),
    "string_too_short": N_("must have at least {min_length} character(s)"),
    "string_too_long": N_("must have at most {max_length} character(s)"),
    "string_pattern_mismatch": N_("must match {pattern}"),
}


def pydantic_message(error: Mapping[str, Any]) -> Message:
    """One pydantic error's message: a validator's own (``Invalid``), a known type's, or
    pydantic's English text for a type not listed."""
    context = error.get("ctx") or {}
    refused = context.get("error")
    if isinstance(refused, Invalid):
        return refused.message
    template = PYDANTIC_MESSAGES.get(error["type"])
    if template is None:
        return Message.literal(error["msg"].removeprefix("Value error, "))
    return Message.of(template, **{k: v for k, v in context.items() if k != "error"})


def validation_problems(
    path: Path | str, root: yaml.Node | None, exc: Any, prefix: Loc = ()
) -> list[Message]:
    """A pydantic ValidationError as ``file:line: location: message`` problems."""
    return [
        Message.of("{where}: {problem}", where=located(path, root, (*prefix, *e["loc"])),
                   problem=pydantic_message(e))
        for e in exc.errors()
    ]  # fmt: skip
