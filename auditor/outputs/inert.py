"""Text that came from a host, made inert for a terminal: control characters and bidirectional
overrides shown as escapes (``\\x1b``, ``\\u202e``), rich markup shown as written."""

from __future__ import annotations

import re

from markupsafe import Markup
from rich.text import Text

# C0 but tab and newline, DEL, C1, and the bidirectional marks that reorder what a line shows
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character that would steer a terminal written as an escape."""
    return _UNSAFE.sub(_escape, text)


def inert(text: str, style: str = "") -> Text:
    """``text`` for rich: no markup is read in it, no control character reaches the terminal."""
    return Text(visible(text), style=style)


def finalize(value: object) -> object:
    """Jinja's ``finalize`` for HTML: host text shown with its control characters as escapes
    (autoescaping then handles ``<`` and ``&``); markup the templates made is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value
