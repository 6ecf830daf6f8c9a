"""Files on the controller that checks read (password lists, leaked-account lists).

A check parameter marked ``list_file`` names such a file; its entries are read once, when the
scan is planned, and the check receives them as a :class:`ListFile` (``None`` when the parameter
is empty and the check bundles no list), so that checks do no I/O and an unreadable file stops
the scan before any host is contacted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from auditor.errors import UsageError
from auditor.registry import Check
from auditor.resources import builtin_dir

MAX_LIST_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ListFile:
    """A list file's entries: its lines without ``\\r``, blank lines and ``# `` comments (a
    lone ``#`` too), first occurrences only, in order."""

    path: str
    entries: tuple[str, ...]


@cache
def _entries(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    kept = (line.removesuffix("\r") for line in lines)
    return tuple(
        dict.fromkeys(e for e in kept if e.strip() and e != "#" and not e.startswith("# "))
    )


def read_list(path: Path, check: str, parameter: str) -> ListFile:
    """The entries of ``path``; a :class:`UsageError` naming the parameter if it is unreadable."""
    try:
        info = path.stat()
        if info.st_size > MAX_LIST_BYTES:
            raise UsageError(
                "{path} (parameter {parameter} of {check}) is larger than {limit} MiB",
                path=str(path), parameter=parameter, check=check, limit=MAX_LIST_BYTES >> 20,
            )  # fmt: skip
        return ListFile(str(path), _entries(str(path), info.st_mtime_ns, info.st_size))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text (byte {exc.start})"
    raise UsageError(
        "cannot read {path} (parameter {parameter} of {check}): {reason}",
        path=str(path), parameter=parameter, check=check, reason=reason,
    )  # fmt: skip


def with_lists(check: Check, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` with each list-file parameter's path replaced by the file it names (its
    bundled list when empty, else ``None``)."""
    resolved = dict(params)
    for name, spec in check.meta.parameters.items():
        if not spec.list_file:
            continue
        value = resolved.get(name) or ""
        if value:
            resolved[name] = read_list(Path(value).expanduser(), check.id, name)
        elif spec.bundled:
            bundled = read_list(builtin_dir("checks") / "data" / spec.bundled, check.id, name)
            resolved[name] = ListFile(f"bundled:{spec.bundled}", bundled.entries)
        else:
            resolved[name] = None
    return resolved
