"""Output formats, registered in one place: each renders a stored scan (a :class:`ScanView`).

A new format is one module defining ``FORMAT``, named in ``_MODULES`` below.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from auditor.errors import UsageError
from auditor.outputs.inert import visible
from auditor.outputs.view import ScanView

STDOUT = "-"
_MODULES = ("table", "json_out", "html_out", "junit", "sarif", "csv_out")


@dataclass(frozen=True)
class OutputFormat:
    """A format's name, the file extensions that select it, and its renderer."""

    name: str
    suffixes: tuple[str, ...]
    render: Callable[[ScanView], str]
    description: str


@cache
def formats() -> dict[str, OutputFormat]:
    found = [importlib.import_module(f"{__name__}.{m}").FORMAT for m in _MODULES]
    return {f.name: f for f in found}


def choose(name: str | None, output: str | None) -> OutputFormat:
    """The format named, else the one of the output file's extension, else ``table``."""
    known = formats()
    if name is not None:
        return known[name]
    if output is None or output == STDOUT:
        return known["table"]
    suffix = Path(output).suffix.lower()
    for fmt in known.values():
        if suffix in fmt.suffixes:
            return fmt
    extensions = ", ".join(s for f in known.values() for s in f.suffixes)
    raise UsageError(
        "cannot tell the output format from {output!r}: use one of the extensions "
        "{extensions}, or name it with --format",
        output=output,
        extensions=extensions,
    )


def check_writable(output: str | None) -> None:
    """Refuse an output path that cannot be written, before any host is contacted."""
    if output is None or output == STDOUT:
        return
    path = Path(output)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError("output {output} is a directory", output=output)
    if not parent.is_dir():
        raise UsageError(
            "cannot write {output}: directory {parent} does not exist", output=output, parent=parent
        )
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError("cannot write {output}: permission denied", output=output)


def write(view: ScanView, fmt: OutputFormat, output: str | None) -> None:
    """Render ``view`` to ``output`` (a file path) or, for None or ``-``, standard output."""
    write_text(fmt.render(view), output)


def write_text(text: str, output: str | None) -> None:
    """``text`` to the file ``output``, or to standard output for None or ``-``."""
    if output is None or output == STDOUT:
        if sys.stdout.isatty():  # text from hosts must not steer the terminal it is shown on
            text = visible(text.replace("\r\n", "\n"))
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    Path(output).write_text(text, encoding="utf-8")
