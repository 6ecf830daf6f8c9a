"""Files found by bounded ``find`` walks (lines, scans, their limits) and judgements of a
file's owner and mode shared by the checks."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.facts.base import (
    FactError,
    FileEntry,
    Raw,
    whole_number,
)
from auditor.messages import Message


def mode_beyond(path: str, mode: int, most: int) -> Message:
    """The problem of a file whose mode has bits beyond ``most``."""
    return Message.of(
        "{path} mode {mode} (at most {most})", path=path, mode=f"{mode:04o}", most=f"{most:04o}"
    )


def root_file_problems(entry: FileEntry, most: int, groups: Iterable[str]) -> list[Message]:
    """What is wrong with a file that must be root's, of a group among ``groups``, with no mode
    bit beyond ``most``."""
    found = [mode_beyond(entry.path, entry.mode, most)] if entry.mode & ~most else []
    if entry.owner != "root" or entry.group not in groups:
        found.append(
            Message.of(
                "{path} owned by {owner}:{group}",
                path=entry.path,
                owner=entry.owner,
                group=entry.group,
            )
        )
    return found


@dataclass(frozen=True)
class FileScan:
    """What a bounded ``find`` printed; ``complete`` is false when cut or timed out."""

    entries: tuple[FileEntry, ...]
    complete: bool
    note: str

    def outside(self, ignored: Iterable[str]) -> list[FileEntry]:
        """The entries whose path matches none of the ``ignored`` patterns (fnmatch)."""
        patterns = list(ignored)
        return [e for e in self.entries if not any(fnmatch.fnmatch(e.path, p) for p in patterns)]


# mode (octal_mode's one to seven digits 0-7), owner, group, type and path, parted by spaces
_FIND_LINE = re.compile(r"([0-7]{1,7}) ([^ ]*) ([^ ]*) ([^ ]*) (.*)", re.DOTALL)


def parse_find_line(line: str) -> FileEntry | None:
    """A line of ``find -printf '%m %u %g %y %p\\n'``, or None when it is not one."""
    match = _FIND_LINE.fullmatch(line)
    if match is None:
        return None
    mode, owner, group, kind, path = match.groups()
    return FileEntry(int(mode, 8), owner, group, kind, path)


def parse_find(raw: Raw) -> FileScan:
    """The listing of :func:`auditor.facts.walks.find_walk`: its entries, and whether the walk
    finished within its bounds (the ``find-limit`` it printed, and its time)."""
    entries, status, limit = [], None, None
    for line in raw.stdout.split("\n"):
        if line.startswith("find-exit "):
            status = line.split()[1]
        elif line.startswith("find-limit "):
            limit = whole_number(line.split()[1])
        elif entry := parse_find_line(line):
            entries.append(entry)
    if limit is None:
        raise FactError("the walk printed no find-limit line")
    if status is None and len(entries) < limit:
        raise FactError("find did not finish (no exit status printed)")
    note = ""
    if len(entries) >= limit:
        note = f"listing cut at {limit} entries"
    elif status == "124":
        note = "find timed out: the listing is partial"
    elif status not in {"0", None}:
        note = f"find exited with status {status} (some directories unreadable)"
    return FileScan(tuple(entries[:limit]), not note, note)
