"""Libraries the dynamic loader preloads into every program: ``/etc/ld.so.preload`` and an
``LD_PRELOAD`` set for every login in ``/etc/environment`` (a favourite of rootkits)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.facts.base import (
    FileDump,
    Raw,
    collector,
    octal_mode,
    section_files,
    split_sections,
)

# ld.so reads every word of ld.so.preload (it knows no comments: "# x.so" preloads x.so).
SCRIPT = """
sec files
dump_files /etc/ld.so.preload /etc/environment
sec libraries
if [ -f /etc/ld.so.preload ]; then
  tr ' \\t:' '\\n\\n\\n' < /etc/ld.so.preload | grep -v '^$' | head -n 50 |
  while read -r lib; do
    case "$lib" in
      */*) path=$lib ;;
      *) path=$(ldconfig -p 2>/dev/null | awk -v n="$lib" '$1 == n { print $NF; exit }') ;;
    esac
    st="- -"; pkg=""
    if [ -n "$path" ] && [ -e "$path" ]; then
      st=$(stat -L -c '%a %U' -- "$path" 2>/dev/null || echo "- -")
      if command -v dpkg >/dev/null 2>&1; then
        pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null)
        pkg=$(printf '%s\n' "$pkg" | head -n 1 | cut -d: -f1)
      elif command -v rpm >/dev/null 2>&1; then
        pkg=$(rpm -qf "$path" 2>/dev/null | grep -v 'not owned' | head -n 1)
      fi
    fi
    printf '%s\t%s\t%s\t%s\n' "$lib" "${path:--}" "$st" "${pkg:--}"
  done
fi
"""


@dataclass(frozen=True)
class PreloadedLibrary:
    """A word of /etc/ld.so.preload: the file ld.so loads for it (a name without a slash is
    looked up in the loader's cache), its mode and owner, and the package that ships it; mode
    None when no such file exists (ld.so then ignores the word)."""

    word: str
    path: str | None
    mode: int | None
    owner: str | None
    package: str | None

    @property
    def loaded(self) -> bool:
        return self.mode is not None

    def describe(self) -> str:
        if not self.loaded:
            return f"{self.word} (no such library: ignored by ld.so)"
        shipped = f"package {self.package}" if self.package else "in no package"
        where = self.word if self.word == self.path else f"{self.word} = {self.path}"
        return f"{where} ({shipped}, mode {self.mode:o}, owner {self.owner})"


@dataclass(frozen=True)
class LdPreload:
    """What is preloaded into every program, and the files that say so."""

    libraries: tuple[PreloadedLibrary, ...]
    environment: str | None  # the LD_PRELOAD line of /etc/environment, if any
    files: dict[str, FileDump]


ENVIRONMENT_PRELOAD = re.compile(r"^\s*(?:export\s+)?LD_PRELOAD\s*=")


@collector("ld_preload", SCRIPT)
def parse_ld_preload(raw: Raw) -> LdPreload:
    """/etc/ld.so.preload's libraries, their package and mode; LD_PRELOAD in /etc/environment."""
    parts = split_sections(raw.stdout)
    files = section_files(parts, "files")
    libraries = []
    for line in parts.get("libraries", []):
        fields = line.split("\t")
        if len(fields) != 4 or not fields[0]:
            continue
        word, path, stat, package = fields
        mode, _, owner = stat.partition(" ")
        bits = octal_mode(mode)
        known = bits is not None
        libraries.append(
            PreloadedLibrary(
                word,
                path if path != "-" else None,
                bits,
                owner if known else None,
                package if package != "-" else None,
            )
        )
    env = files.get("/etc/environment")
    setting = (
        next((x.strip() for x in env.lines() if ENVIRONMENT_PRELOAD.match(x)), None)
        if env
        else None
    )
    return LdPreload(tuple(libraries), setting, files)
