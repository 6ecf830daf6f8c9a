"""Output formats, registered in one place: each renders a stored scan (a :class:`ScanView`).

A new format is one module defining ``FORMAT``, named in ``_MODULES`` below. A renderer yields
its text in pieces, in order, so that a format able to write host by host (JSON, CSV, HTML)
never holds the whole document.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
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
    render: Callable[[ScanView], Iterator[str]]
    description: str

    def text(self, view: ScanView) -> str:
        """The whole rendering as one string (for tests and small scans)."""
        return "".join(self.render(view))


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


def write_text(text: str | Iterable[str], output: str | None) -> None:
    """``text`` (a string, or its pieces in order) to the file ``output``, or to standard output
    for None or ``-``. A file is written beside its place and renamed into it at the end, so a
    reader never sees half a document, nor an earlier one overwritten by a failed rendering."""
    pieces = [text] if isinstance(text, str) else text
    if output is None or output == STDOUT:
        shown = sys.stdout.isatty()  # text from hosts must not steer the terminal it is shown on
        for piece in pieces:
            sys.stdout.write(visible(piece.replace("\r\n", "\n")) if shown else piece)
        sys.stdout.flush()
        return
    path = Path(output)
    if path.exists() and not path.is_file():  # a device or a pipe (/dev/null, <(...)) as it is
        with path.open("w", encoding="utf-8") as out:
            out.writelines(pieces)
        return
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            out.writelines(pieces)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
