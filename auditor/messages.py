"""Result messages kept language-neutral: an English template and its arguments.

A check says ``failed("PermitRootLogin is {value}", evidence, value="yes")``; the store keeps the
template and the arguments, and each output renders them in its own language when it is shown.
The template is the gettext message id, so catalogs translate it without touching the checks.

An argument is a string, a number, a boolean, None, a list of those (shown joined with ", "), or
a :class:`Message` for a clause built apart (``Message.of("the hard limit is {value}", value=v)``),
or a list of such clauses (shown joined with "; "); clauses are rendered in the same language.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.i18n import translator

LIST_SEPARATOR = ", "
CLAUSE_SEPARATOR = "; "


def _shown(value: Any, lang: str) -> Any:
    """A field's value as text, numbers as they are (so that ``{n!r}`` shows 5, not '5')."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        clauses = any(isinstance(v, Message) for v in value)
        sep = CLAUSE_SEPARATOR if clauses else LIST_SEPARATOR
        return sep.join(_shown(v, lang) for v in value)
    return str(value)


def _plain(value: Any) -> Any:
    """An argument as it is kept: scalars, messages, and lists of them; anything else as text."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [_plain(v) for v in items]
    if value is None or isinstance(value, bool | int | float | str | Message):
        return value
    return str(value)


def _to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and "template" in value:
        return Message.from_json(value)
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Message:
    """A message template (``str.format`` fields) and the values of its fields."""

    template: str
    args: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, template: str, **args: Any) -> Message:
        return cls(template, {k: _plain(v) for k, v in args.items()})

    def render(self, lang: str = "en") -> str:
        """The message in ``lang``; a template whose fields do not fit its arguments is shown
        as it is, followed by the arguments, rather than lost."""
        text = translator(lang)(self.template) if lang != "en" else self.template
        shown = {k: _shown(v, lang) for k, v in self.args.items()}
        try:
            return text.format(**shown)
        except (KeyError, IndexError, ValueError):
            extra = "; ".join(f"{k}={v}" for k, v in shown.items())
            return f"{text} ({extra})" if extra else text

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "args": {k: _to_json(v) for k, v in self.args.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        args = data.get("args") or {}
        template = sys.intern(str(data["template"]))
        return cls(template, {k: _from_json(v) for k, v in args.items()})

    @classmethod
    def comma_joined(cls, items: list[str | Message]) -> str | Message:
        """``items`` shown joined with ", " even when some are clauses (a list argument holding
        clauses is joined with "; ")."""
        shown = items[-1]
        for item in reversed(items[:-1]):
            shown = cls.of("{first}, {rest}", first=item, rest=shown)
        return shown

    @classmethod
    def literal(cls, text: str) -> Message:
        """A message with no fields: braces in ``text`` are kept as they are."""
        return cls(text.replace("{", "{{").replace("}", "}}"))
