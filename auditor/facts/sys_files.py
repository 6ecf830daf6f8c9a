"""File-permission facts: world-writable files, set-uid/set-gid programs, cron files."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector

WORLD_WRITABLE_LIMIT = 200
SUID_LIMIT = 500


@dataclass(frozen=True)
class FileEntry:
    """A file found by ``find -printf '%m %u %g %y %p'``: octal mode, owner, group, type, path."""

    mode: int
    owner: str
    group: str
    kind: str
    path: str

    def describe(self) -> str:
        return f"{self.mode:04o} {self.owner}:{self.group} {self.path}"


@dataclass(frozen=True)
class FileScan:
    """What a bounded ``find`` printed; ``complete`` is false when cut or timed out."""

    entries: tuple[FileEntry, ...]
    complete: bool
    note: str


def _parse_find(raw: Raw, limit: int) -> FileScan:
    entries, status = [], None
    for line in raw.stdout.split("\n"):
        if line.startswith("find-exit "):
            status = line.split()[1]
            continue
        fields = line.split(" ", 4)
        if len(fields) == 5 and fields[0].isdigit():
            entries.append(FileEntry(int(fields[0], 8), fields[1], fields[2], fields[3], fields[4]))
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


WORLD_WRITABLE_SCRIPT = f"""
dirs=""
for d in /etc /usr /bin /sbin /lib /lib32 /lib64 /libx32 /var /opt /boot /srv; do
  [ -d "$d" ] && [ ! -L "$d" ] && dirs="$dirs $d"
done
{{
  timeout 100 find $dirs -xdev \\( -path /var/tmp -o -path /var/crash \\
    -o -path /var/lib/docker \\) -prune -o \\
    \\( -type f -perm -0002 -o -type d -perm -0002 ! -perm -1000 \\) \\
    -printf '%m %u %g %y %p\\n' 2>/dev/null
  echo "find-exit $?"
}} | head -n {WORLD_WRITABLE_LIMIT + 1}
"""


@collector("world_writable", WORLD_WRITABLE_SCRIPT, needs_root=True)
def parse_world_writable(raw: Raw) -> FileScan:
    """World-writable files, and directories without the sticky bit, under system paths."""
    return _parse_find(raw, WORLD_WRITABLE_LIMIT)


SUID_SCRIPT = f"""
dirs=/
root=$(stat -c %d / 2>/dev/null)
for d in /usr /var /opt /home /srv /boot /usr/local; do
  [ -d "$d" ] && [ ! -L "$d" ] && [ "$(stat -c %d "$d" 2>/dev/null)" != "$root" ] && dirs="$dirs $d"
done
{{
  timeout 100 find $dirs -xdev -type f \\( -perm -4000 -o -perm -2000 \\) \\
    -printf '%m %u %g %y %p\\n' 2>/dev/null
  echo "find-exit $?"
}} | head -n {SUID_LIMIT + 1}
"""


@collector("suid_sgid", SUID_SCRIPT, needs_root=True)
def parse_suid_sgid(raw: Raw) -> FileScan:
    """Set-uid and set-gid regular files on the root and other local system file systems."""
    return _parse_find(raw, SUID_LIMIT)


CRON_SCRIPT = """
for p in /etc/crontab /etc/cron.allow /etc/cron.deny /etc/cron.d /etc/cron.hourly \\
  /etc/cron.daily /etc/cron.weekly /etc/cron.monthly /etc/cron.yearly; do
  [ -e "$p" ] || continue
  stat -L -c '%a|%U|%G|%F|%n' "$p" 2>/dev/null
  if [ -d "$p" ]; then
    for f in "$p"/*; do [ -e "$f" ] && stat -L -c '%a|%U|%G|%F|%n' "$f" 2>/dev/null; done
  fi
done
echo cron-done
"""


@collector("cron_files", CRON_SCRIPT)
def parse_cron_files(raw: Raw) -> tuple[FileEntry, ...]:
    """Mode and owner of /etc/crontab, /etc/cron.d, the cron.* directories and their files."""
    if "cron-done" not in raw.stdout:
        raise FactError("the cron file listing did not finish")
    entries = []
    for line in raw.stdout.splitlines():
        fields = line.split("|", 4)
        if len(fields) == 5 and fields[0].isdigit():
            kind = "d" if fields[3] == "directory" else "f"
            entries.append(FileEntry(int(fields[0], 8), fields[1], fields[2], kind, fields[4]))
    return tuple(entries)
