"""The host's mounts, from the kernel's own table: ``/proc/self/mountinfo``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector

SCRIPT = "cat /proc/self/mountinfo 2>&1"

_ESCAPE = re.compile(r"\\([0-7]{3})")


def unescape(text: str) -> str:
    """A field of a kernel mount table as written: space, tab, newline and backslash are
    octal escapes there (``\\040``, ``\\011``, ``\\012``, ``\\134``)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), text)


@dataclass(frozen=True)
class Mount:
    """One mount: its source, where it is mounted, the file system type and the options, mount
    flags first (``nodev``, ``nosuid``, ``noexec``...) then the file system's own, as
    ``/proc/mounts`` shows them; ``root`` is the directory of the source mounted there
    (not ``/`` for a bind mount of a directory)."""

    source: str
    mountpoint: str
    fstype: str
    options: tuple[str, ...] = ()
    root: str = "/"

    def describe(self) -> str:
        """``/tmp: tmpfs (tmpfs) rw,nosuid,...``; a bind mount's source as findmnt shows it."""
        source = self.source if self.root == "/" else f"{self.source}[{self.root}]"
        return f"{self.mountpoint}: {source} ({self.fstype}) {','.join(self.options)}"


def mount_table_line(line: str) -> Mount | None:
    """A line of ``/proc/mounts`` (source, mount point, type, options, ...), or None."""
    fields = line.split()
    if len(fields) < 3:
        return None
    options = tuple(fields[3].split(",")) if len(fields) > 3 else ()
    return Mount(unescape(fields[0]), unescape(fields[1]), fields[2], options)


@dataclass(frozen=True)
class _Entry:
    id: str
    parent: str
    mount: Mount


def _mountinfo_line(line: str) -> _Entry | None:
    """``ID PARENT MAJ:MIN ROOT POINT MOUNT-OPTIONS [OPTIONAL...] - TYPE SOURCE FS-OPTIONS``."""
    fields = line.split(" ")
    if "-" not in fields[6:] or len(fields) < 8:
        return None
    dash = fields.index("-", 6)
    if not (fields[0].isdigit() and fields[1].isdigit()) or len(fields) < dash + 2:
        return None
    fstype = fields[dash + 1]
    source = unescape(fields[dash + 2]) if len(fields) > dash + 2 else ""
    own = fields[dash + 3].split(",") if len(fields) > dash + 3 else []
    options = fields[5].split(",") + [o for o in own if o and o not in ("rw", "ro")]
    mount = Mount(source, unescape(fields[4]), fstype, tuple(options), unescape(fields[3]))
    return _Entry(fields[0], fields[1], mount)


@dataclass(frozen=True)
class Mounts:
    """The mounts this process sees, in the kernel's order; of mounts stacked on one mount
    point, only the one on top (the one in use) is kept."""

    mounts: tuple[Mount, ...]

    def mount_at(self, point: str) -> Mount | None:
        """The mount at ``point`` (a trailing slash is ignored), if it is a mount point."""
        point = point.rstrip("/") or "/"
        return next((m for m in self.mounts if m.mountpoint == point), None)

    def holding(self, path: str) -> Mount | None:
        """The mount that holds ``path``: the longest mount point it lies under."""
        path = path.rstrip("/") or "/"
        under = [
            m
            for m in self.mounts
            if m.mountpoint == "/" or path == m.mountpoint or path.startswith(m.mountpoint + "/")
        ]
        return max(under, key=lambda m: len(m.mountpoint), default=None)


@collector("mounts", SCRIPT)
def parse_mounts(raw: Raw) -> Mounts:
    """Every mount: source, mount point, type and options (/proc/self/mountinfo)."""
    entries = []
    for line in raw.stdout.split("\n"):
        if not line.strip():
            continue
        entry = _mountinfo_line(line)
        if entry is None:
            raise FactError(f"cannot read /proc/self/mountinfo: {line.strip()[:200]}")
        entries.append(entry)
    if raw.rc != 0 or not entries:
        raise FactError(f"cannot read /proc/self/mountinfo (exit status {raw.rc}, no mount)")
    # A mount whose parent is another mount at the same point is on top of that one.
    point_of = {e.id: e.mount.mountpoint for e in entries}
    covered = {
        e.parent
        for e in entries
        if e.parent != e.id and point_of.get(e.parent) == e.mount.mountpoint
    }
    return Mounts(tuple(e.mount for e in entries if e.id not in covered))
