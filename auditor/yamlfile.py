"""Read YAML files for validation: data plus the line of every node, for error locations.

Every YAML file the auditor reads goes through :func:`read_yaml`, which refuses hostile input
with a one-line error naming the file and line: a file larger than :data:`MAX_BYTES`, bytes
that are not UTF-8, characters YAML does not allow (and NUL, even escaped), nesting deeper than
:data:`MAX_DEPTH`, aliases standing for more than :data:`MAX_ALIASED` values (an "alias bomb")
or for a collection that holds them, and a key given twice in a mapping. The limits are
checked while composing the node tree, so that such a file is refused at once rather than
exhausting time, memory or the stack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from auditor.errors import Invalid, UsageError
from auditor.i18n import N_
from auditor.messages import Message

MAX_BYTES = 2 * 1024 * 1024  # 50 times the largest built-in profile; read in seconds
MAX_DEPTH = 64  # nested collections; a deep unit tree needs about a dozen
MAX_ALIASED = 100_000  # values that aliases stand for, each use of an alias counted

# What YAML 1.1 allows in a stream (PyYAML's Reader refuses the rest).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

try:  # libyaml's parser gives the events fast; the composer stays PyYAML's, to add limits
    from yaml._yaml import CParser

    _PARSER: tuple[type, ...] = (CParser,)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _PARSER = (Reader, Scanner, Parser)


class _Refused(Exception):
    """The document breaks a limit: ``message`` says which, at ``mark``."""

    def __init__(self, mark: Any, message: Message) -> None:
        super().__init__(message.render())
        self.mark = mark
        self.message = message


class _Composer(Composer):
    """PyYAML's composer, counting depth and alias expansion and refusing duplicate keys."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._total = 0  # values composed so far, each alias counting as what it stands for
        self._aliased = 0  # values that aliases stood for so far
        self._sizes: dict[int, int] = {}  # expanded size of each finished anchored node, by id

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:  # anchored collection still being composed
                    raise _Refused(
                        event.start_mark,
                        Message.of("alias *{alias} is inside the collection it names",
                                   alias=event.anchor),
                    )  # fmt: skip
                self._alias(event.start_mark, size)
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                event.start_mark,
                Message.of("nested more than {limit} levels deep", limit=MAX_DEPTH),
            )
        self._total += 1
        before = self._total
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if getattr(event, "anchor", None) is not None:
            self._sizes[id(node)] = self._total - before + 1
        return node

    def compose_scalar_node(self, anchor: str | None) -> yaml.ScalarNode:
        node = super().compose_scalar_node(anchor)
        # Only an escape ("\0") writes it; no file name or command argument can hold it.
        if "\0" in node.value:
            raise _Refused(node.start_mark, Message.of("a value cannot hold a NUL character"))
        return node

    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                raise _Refused(
                    key.start_mark,
                    Message.of("key {key!r} is given twice (first on line {first})",
                               key=key.value, first=first.start_mark.line + 1),
                )  # fmt: skip
        return node

    def _alias(self, mark: Any, size: int) -> None:
        self._total += size
        self._aliased += size
        if self._aliased > MAX_ALIASED:
            raise _Refused(
                mark,
                Message.of("aliases stand for more than {limit} values (an alias bomb?)",
                           limit=MAX_ALIASED),
            )  # fmt: skip


class LimitedLoader(_Composer, *_PARSER, SafeConstructor, Resolver):  # type: ignore[misc]
    """PyYAML's safe loader with the limits of the module; subclass it to add tags."""

    def __init__(self, text: str) -> None:
        _PARSER[0].__init__(self, text)
        for base in _PARSER[1:]:  # pragma: no cover - Scanner, Parser
            base.__init__(self)
        _Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


def read_text(path: Path) -> str:
    """The file as text: at most :data:`MAX_BYTES` of UTF-8 that YAML accepts, else a
    UsageError naming the file (and the line)."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UsageError("{path}: no such file", path=path) from None
    except OSError as exc:
        raise UsageError("{path}: cannot read: {exc}", path=path, exc=exc.strerror or exc) from None
    if len(raw) > MAX_BYTES:
        raise UsageError(
            "{path}: larger than {limit} MiB; an inventory, profile, plan or rules file is "
            "much smaller", path=path, limit=MAX_BYTES >> 20,
        )  # fmt: skip
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            "{path}:{line}: not UTF-8 text (byte {offset} is {byte})",
            path=path, line=raw.count(b"\n", 0, exc.start) + 1, offset=exc.start,
            byte=f"0x{raw[exc.start]:02x}",
        ) from None  # fmt: skip
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        raise UsageError(
            "{path}:{line}: character {char} is not allowed in YAML",
            path=path, line=text.count("\n", 0, bad.start()) + 1, char=f"U+{ord(bad[0]):04X}",
        )  # fmt: skip
    return text


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The document's data and its node tree; UsageError if unreadable, not YAML or hostile."""
    return parse_yaml(path, read_text(path))


def parse_yaml(
    path: Path, text: str, loader: type[LimitedLoader] = LimitedLoader
) -> tuple[Any, yaml.Node | None]:
    """The data and node tree of ``text`` (from :func:`read_text`), read from ``path``."""
    parser = loader(text)
    try:
        root = parser.get_single_node()
        return (parser.construct_document(root) if root is not None else None), root
    except _Refused as exc:
        raise UsageError(
            "{path}:{line}: {problem}", path=path, line=exc.mark.line + 1, problem=exc.message
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(
            "{path}{where}: invalid YAML: {problem}", path=path, where=where, problem=problem
        ) from None
    finally:
        parser.dispose()


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
