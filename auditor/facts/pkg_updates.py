"""The ``pkg_updates`` fact: pending updates from the cached package lists (apt simulation, dnf/yum
-C)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from auditor.facts.base import FactError, Raw, collector, sections, whole_number


def _first_error(lines: list[str], default: str) -> str:
    for line in lines:
        if line.startswith(("E:", "Error", "error:")):
            return line.strip()[:200]
    return next((line.strip()[:200] for line in lines if line.strip()), default)


@dataclass(frozen=True)
class PendingUpdate:
    """One package with a newer version in the cached lists."""

    name: str
    installed: str
    candidate: str
    origin: str
    security: bool
    advisory: str = ""
    held: bool = False

    def describe(self) -> str:
        text = f"{self.name} {self.installed or '(installed)'} -> {self.candidate} ({self.origin})"
        extra = " ".join(x for x in (self.advisory, "[held]" if self.held else "") if x)
        return f"{text} {extra}".strip()


@dataclass(frozen=True)
class Updates:
    """Pending updates as the host's package manager sees them from its cache."""

    manager: str
    updates: tuple[PendingUpdate, ...] = ()
    security_known: bool = True
    metadata_time: int | None = None
    metadata_files: tuple[str, ...] = ()

    @property
    def security(self) -> tuple[PendingUpdate, ...]:
        return tuple(u for u in self.updates if u.security)

    def lists_note(self) -> str:
        """Evidence line: how fresh the lists the updates were judged on are."""
        if self.metadata_time is None:
            return "package lists: date unknown"
        day = datetime.fromtimestamp(self.metadata_time, UTC)
        return f"package lists last refreshed {day:%Y-%m-%d} (the scan downloads nothing)"


_INST = re.compile(r"^Inst (\S+)(?: \[([^\]]*)\])? \((\S+) ?([^)]*)\)")

_ARCH_SUFFIX = re.compile(r"\s*\[[^\]]*\]$")


def parse_apt_simulation(lines: list[str]) -> list[PendingUpdate]:
    """Upgrades in ``apt-get -s`` output: ``Inst pkg [old] (new origin, origin [arch])``.

    New packages pulled in by an upgrade (no ``[old]``) are not counted as updates.
    """
    updates = []
    for line in lines:
        match = _INST.match(line)
        if not match or not match.group(2):
            continue
        name, old, new, origin = match.groups()
        origin = _ARCH_SUFFIX.sub("", origin).strip()
        security = any("security" in part.lower() for part in origin.split(","))
        updates.append(PendingUpdate(name, old, new, origin, security))
    return updates


def _nevra_name(nevra: str) -> str:
    """``openssl-libs-1:3.0.7-25.el9.x86_64`` -> ``openssl-libs.x86_64``."""
    base, _, arch = nevra.rpartition(".")
    name = base.rsplit("-", 2)[0] if base.count("-") >= 2 else base
    return f"{name}.{arch}"


_NAME_ARCH = re.compile(r"^[^\s:/]+\.\w+$")


def _table_rows(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """(indented, words) of each row of a name/version/repo table, wrapped rows joined.

    dnf and yum print a value too wide for its column on a line of its own and go on with the
    next column on an indented line; a row is complete once it has its three words.
    """
    rows: list[tuple[bool, list[str]]] = []
    open_row: list[str] | None = None
    for line in lines:
        words = line.split()
        if not words:
            open_row = None
            continue
        if open_row is not None and line[:1].isspace():
            open_row.extend(words)
        else:
            open_row = words
            rows.append((line[:1].isspace(), words))
        if len(open_row) >= 3:
            open_row = None
    return rows


def parse_check_update(lines: list[str]) -> list[tuple[str, str, str]]:
    """(name.arch, version, repo) from ``dnf/yum check-update``, joining wrapped rows.

    Packages under "Obsoleting Packages" are pending too; the installed packages they replace,
    printed indented below each, are not. Other lines ("Security: ...", headers) are skipped.
    """
    found: dict[str, tuple[str, str, str]] = {}
    for indented, words in _table_rows(lines):
        if not indented and len(words) == 3 and _NAME_ARCH.match(words[0]):
            found.setdefault(words[0], (words[0], words[1], words[2]))
    return list(found.values())


_ADVISORY = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d{4}[:-]\S+$")


def parse_security_list(lines: list[str]) -> dict[str, str]:
    """name.arch -> advisory id from ``updateinfo list --security``.

    dnf 4 and yum print ``ID Severity/Sec. NEVRA``; dnf 5 prints ``ID type severity NEVRA date
    time``. Ids look like RHSA-2024:1234, ALSA-2024:1234, FEDORA-EPEL-2024-0a1b2c3d4e.
    """
    found: dict[str, str] = {}
    for line in lines:
        words = line.split()
        if not words or not _ADVISORY.match(words[0]):
            continue
        nevra = words[2] if len(words) == 3 else words[3] if len(words) == 6 else ""
        if "." in nevra:
            found.setdefault(_nevra_name(nevra), words[0])
    return found


LATEST_STAMP = 253402300799  # 9999-12-31 23:59:59 UTC, the last moment a datetime holds


def _metadata(lines: list[str]) -> tuple[int | None, tuple[str, ...]]:
    times, names = [], []
    for line in lines:
        text, _, name = line.strip().partition(" ")
        stamp = whole_number(text)
        if stamp is not None and stamp <= LATEST_STAMP:
            times.append(stamp)
            names.append(f"{datetime.fromtimestamp(stamp, UTC):%Y-%m-%d} {name}")
    return (max(times) if times else None), tuple(names)


UPDATES_SCRIPT = r"""
if command -v apt-get >/dev/null 2>&1; then
  sec manager apt
  out=$(apt-get -s -q -o Debug::NoLocking=1 -o APT::Ignore-Hold=1 dist-upgrade 2>&1)
  sec status "$?"
  printf '%s\n' "$out" | grep -E '^(Inst |E: |W: |Err)' | head -n 5000
  sec held
  dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | grep '^h' | head -n 500
  sec lists
  set --
  for f in /var/lib/apt/lists/*Release; do [ -f "$f" ] && set -- "$@" "$f"; done
  # one stat for them all, a line each (one each, as before, when it printed fewer)
  s=""; [ $# -eq 0 ] || s=$(stat -c %Y -- "$@" 2>/dev/null)
  lines_of "$s"
  for f; do
    if [ "$_k" = $# ]; then y=${s%%"$NL"*}; s=${s#*"$NL"}; else y=$(stat -c %Y "$f"); fi
    printf '%s %s\n' "$y" "${f##*/}"
  done
elif command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; then
  pm=yum; command -v dnf >/dev/null 2>&1 && pm=dnf
  sec manager "$pm"
  out=$($pm -q -C check-update 2>&1)
  sec status "$?"
  printf '%s\n' "$out" | head -n 5000
  if [ "$pm" = dnf ]; then
    out=$(dnf -q -C updateinfo list --security 2>&1)
  else
    out=$(yum -q -C updateinfo list security 2>&1)
  fi
  sec security "$?"
  printf '%s\n' "$out" | head -n 5000
  sec updateinfo
  find /var/cache/dnf /var/cache/libdnf5 /var/cache/yum -maxdepth 5 -name '*updateinfo*' \
    2>/dev/null | head -n 20
  sec lists
  find /var/cache/dnf /var/cache/libdnf5 /var/cache/yum -maxdepth 5 -name repomd.xml \
    -exec stat -c '%Y %n' {} + 2>/dev/null | head -n 200
else
  sec manager none
fi
"""


@collector("pkg_updates", UPDATES_SCRIPT, cost=6)
def parse_updates(raw: Raw) -> Updates:
    """Pending updates from the cached package lists (apt simulation, dnf/yum -C)."""
    parts = sections(raw.stdout)
    if not parts or parts[0][0] != "manager":
        raise FactError("no package manager report in the output")
    manager = parts[0][1]
    if manager == "none":
        return Updates("none", security_known=False)
    by_name = {name: (arg, lines) for name, arg, lines in parts}
    status, lines = by_name.get("status", ("", []))
    metadata_time, files = _metadata(by_name.get("lists", ("", []))[1])
    if manager == "apt":
        if status != "0":
            raise FactError(f"apt-get -s dist-upgrade failed: {_first_error(lines, status)}")
        held = {w[-1].split(":")[0] for w in map(str.split, by_name.get("held", ("", []))[1]) if w}
        updates = tuple(
            replace(u, held=u.name.split(":")[0] in held) for u in parse_apt_simulation(lines)
        )
        return Updates("apt", updates, True, metadata_time, files)
    if status not in ("0", "100"):
        raise FactError(f"{manager} check-update -C failed: {_first_error(lines, status)}")
    sec_status, sec_lines = by_name.get("security", ("1", []))
    advisories = parse_security_list(sec_lines) if sec_status == "0" else {}
    known = sec_status == "0" and bool(advisories or by_name.get("updateinfo", ("", []))[1])
    updates = tuple(
        PendingUpdate(name, "", version, repo, name in advisories, advisories.get(name, ""))
        for name, version, repo in parse_check_update(lines)
    )
    return Updates(manager, updates, known, metadata_time, files)
