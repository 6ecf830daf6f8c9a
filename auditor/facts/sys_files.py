"""File-permission facts: world-writable files, set-uid/set-gid programs, files of no known
owner, cron files."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.facts.base import SECTION_MARK, FactError, Raw, collector, sections, split_sections
from auditor.messages import Message

if TYPE_CHECKING:
    from auditor.facts.accounts import FileMode

WORLD_WRITABLE_LIMIT = 200
SUID_LIMIT = 500
UNOWNED_LIMIT = 200


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


def mode_beyond(path: str, mode: int, most: int) -> Message:
    """The problem of a file whose mode has bits beyond ``most``."""
    return Message.of(
        "{path} mode {mode} (at most {most})", path=path, mode=f"{mode:04o}", most=f"{most:04o}"
    )


def root_file_problems(
    entry: FileEntry | FileMode, most: int, groups: Iterable[str]
) -> list[Message]:
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


def parse_find_line(line: str) -> FileEntry | None:
    """A line of ``find -printf '%m %u %g %y %p\\n'``, or None when it is not one."""
    fields = line.split(" ", 4)
    if len(fields) == 5 and fields[0].isdigit():
        return FileEntry(int(fields[0], 8), fields[1], fields[2], fields[3], fields[4])
    return None


def _parse_find(raw: Raw, limit: int) -> FileScan:
    entries, status = [], None
    for line in raw.stdout.split("\n"):
        if line.startswith("find-exit "):
            status = line.split()[1]
        elif entry := parse_find_line(line):
            entries.append(entry)
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
list=$({{
  timeout 100 find $dirs -xdev -type f \\( -perm -4000 -o -perm -2000 \\) \\
    -printf '%m %u %g %y %p\\n' 2>/dev/null
  echo "find-exit $?"
}} | head -n {SUID_LIMIT + 1})
printf '%s\\n' "$list"
printf '%s\\n' "$list" | sed -n 's/^[0-7]* [^ ]* [^ ]* f //p' | {{
  set --
  while IFS= read -r p; do
    set -- "$@" "$p"
    alt=${{p#/usr}}
    [ "$alt" != "$p" ] && [ "$alt" -ef "$p" ] && set -- "$@" "$alt"
  done
  [ $# -gt 0 ] || exit 0
  if command -v dpkg >/dev/null 2>&1; then
    owners=$(dpkg -S "$@" 2>/dev/null)
    sec owners
    printf '%s\\n' "$owners"
    sec verify dpkg
    pkgs=$(printf '%s\\n' "$owners" | sed -n '/^diversion /!s/^\\(.*\\): \\/.*/\\1/p' |
      tr ', ' '\\n\\n' | sort -u)
    [ -z "$pkgs" ] || dpkg -V $pkgs 2>&1 | head -n 300
  elif command -v rpm >/dev/null 2>&1; then
    sec verify rpm
    rpm -V -f -- "$@" 2>&1 | head -n 300
  fi
}}
"""


@dataclass(frozen=True)
class SuidScan(FileScan):
    """Set-uid/set-gid files with the package manager's word on them (``verified_by``, dpkg or
    rpm; None without either): the paths no package ships and those whose content differs
    from the checksum their package recorded."""

    verified_by: str | None = None
    unpackaged: frozenset[str] = frozenset()
    modified: frozenset[str] = frozenset()


def verification(text: str) -> tuple[str | None, list[str]]:
    """The package manager named by the last ``sec verify dpkg|rpm`` section of ``text`` and
    that section's lines (what ``dpkg -V`` or ``rpm -V`` printed); (None, []) without one."""
    found = [(arg, lines) for name, arg, lines in sections(text) if name == "verify" and arg]
    return found[-1] if found else (None, [])


def checksum_changed(lines: Iterable[str]) -> set[str]:
    """The paths ``dpkg -V`` or ``rpm -V`` finds with another checksum (``5`` as third flag)."""
    changed = set()
    for line in lines:
        flags, _, rest = line.partition(" ")
        if len(flags) >= 3 and flags[2] == "5" and rest.split():
            changed.add(rest.split()[-1])
    return changed


def _listed_name(path: str, listed: set[str]) -> str | None:
    """The found path a package manager's name stands for (/bin/su for /usr/bin/su)."""
    return next((p for p in (path, f"/usr{path}") if p in listed), None)


def _suid_packages(raw: Raw, listed: set[str]) -> tuple[str | None, set[str], set[str]]:
    """Verifier, unpackaged and modified paths from the sections after the find listing."""
    verifier, lines = verification(raw.stdout)
    if verifier is None:
        return None, set(), set()
    owned: set[str] = set()
    for line in split_sections(raw.stdout).get("owners", []):
        package, sep, path = line.partition(": ")
        if (
            sep
            and not package.startswith("diversion ")
            and (name := _listed_name(path.strip(), listed))
        ):
            owned.add(name)
    unowned = set()
    for line in lines:
        if line.startswith("file ") and line.endswith(" is not owned by any package"):
            name = _listed_name(line[5 : -len(" is not owned by any package")], listed)
            unowned.add(name or "")
    changed = (_listed_name(path, listed) for path in checksum_changed(lines))
    modified = {name for name in changed if name}
    unpackaged = listed - owned if verifier == "dpkg" else unowned & listed
    return verifier, unpackaged, modified


@collector("suid_sgid", SUID_SCRIPT, needs_root=True)
def parse_suid_sgid(raw: Raw) -> SuidScan:
    """Set-uid and set-gid regular files on the root and other local system file systems, with
    the files no package ships and those changed since their package installed them."""
    listing = raw.stdout.split("\n" + SECTION_MARK, 1)[0]
    scan = _parse_find(Raw(listing, raw.rc), SUID_LIMIT)
    verifier, unpackaged, modified = _suid_packages(raw, {e.path for e in scan.entries})
    return SuidScan(
        scan.entries, scan.complete, scan.note, verifier, frozenset(unpackaged), frozenset(modified)
    )


# The local file systems: the root and the separately mounted system directories, as for set-uid
# files, but also /home and /tmp; container layers keep ids of their own and are left out.
UNOWNED_SCRIPT = f"""
dirs=/
root=$(stat -c %d / 2>/dev/null)
for d in /usr /var /opt /home /srv /boot /usr/local /tmp /var/tmp; do
  [ -d "$d" ] && [ ! -L "$d" ] && [ "$(stat -c %d "$d" 2>/dev/null)" != "$root" ] &&
    [ "$(stat -f -c %T "$d" 2>/dev/null)" != nfs ] && dirs="$dirs $d"
done
{{
  timeout 100 find $dirs -xdev \\( -path /var/lib/docker -o -path /var/lib/containers \\) \\
    -prune -o \\( -nouser -o -nogroup \\) -printf '%m %u %g %y %p\\n' 2>/dev/null
  echo "find-exit $?"
}} | head -n {UNOWNED_LIMIT + 1}
"""


@collector("unowned_files", UNOWNED_SCRIPT, needs_root=True)
def parse_unowned_files(raw: Raw) -> FileScan:
    """Files and directories whose owner or group is no known user or group, on the local
    system file systems."""
    return _parse_find(raw, UNOWNED_LIMIT)


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
