"""The ``suid_sgid`` fact: set-uid and set-gid regular files on the root and other local system
file systems, with"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from auditor.facts.base import SECTION_MARK, Raw, by_name, collector, sections
from auditor.facts.walks import WALK_BOUNDS, find_walk, system_file_systems
from auditor.parsers.files import FileScan, parse_find

PREDICATE = "-type f \\( -perm -4000 -o -perm -2000 \\)"
SUID_SCRIPT = f"""{system_file_systems("/usr /var /opt /home /srv /boot /usr/local")}
list=$({find_walk("$dirs", PREDICATE)})
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


def verification(found: list[tuple[str, str, list[str]]]) -> tuple[str | None, list[str]]:
    """The package manager named by the last ``sec verify dpkg|rpm`` of the ``found``
    :func:`~auditor.facts.base.sections` and that section's lines (what ``dpkg -V`` or
    ``rpm -V`` printed); (None, []) without one."""
    verified = [(arg, lines) for name, arg, lines in found if name == "verify" and arg]
    return verified[-1] if verified else (None, [])


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
    found = sections(raw.stdout)
    verifier, lines = verification(found)
    if verifier is None:
        return None, set(), set()
    owned: set[str] = set()
    for line in by_name(found).get("owners", []):
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


@collector(
    "suid_sgid", SUID_SCRIPT, needs_root=True, options={**WALK_BOUNDS, "max_listed": 500}, cost=5
)
def parse_suid_sgid(raw: Raw) -> SuidScan:
    """Set-uid and set-gid regular files on the root and other local system file systems, with
    the files no package ships and those changed since their package installed them."""
    listing = raw.stdout.split("\n" + SECTION_MARK, 1)[0]
    scan = parse_find(Raw(listing, raw.rc))
    verifier, unpackaged, modified = _suid_packages(raw, {e.path for e in scan.entries})
    return SuidScan(
        scan.entries, scan.complete, scan.note, verifier, frozenset(unpackaged), frozenset(modified)
    )
