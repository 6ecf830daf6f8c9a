"""The ``log_files`` fact: mode, owner and group of each regular file under /var/log
(first 5000)."""

from __future__ import annotations

from auditor.facts.base import FactError, FileEntry, Raw, collector, octal_mode


@collector(
    "log_files",
    r"find /var/log -xdev -maxdepth 6 -type f -exec stat -c '%a %U %G %n' {} + 2>/dev/null "
    "| head -n 5000",
    needs_root=True,
)
def parse_log_files(raw: Raw) -> tuple[FileEntry, ...]:
    """Mode, owner and group of each regular file under /var/log (first 5000)."""
    found = []
    for line in raw.stdout.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and (mode := octal_mode(parts[0])) is not None:
            found.append(FileEntry(mode, parts[1], parts[2], "f", parts[3]))
    if not found and raw.stdout.strip():
        raise FactError(f"unexpected output listing /var/log: {raw.stdout.strip()[:80]!r}")
    return tuple(found)
