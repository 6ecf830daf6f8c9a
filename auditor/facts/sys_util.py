"""Helpers shared by the network and system collectors: section markers and small parsers."""

from __future__ import annotations

from auditor.facts.base import FileDump, split_files

SECTION_PREFIX = "\036SEC "

# Shell function printing a section marker line; define it at the top of a snippet.
SEC_FUNCTION = r"""sec() { printf '\036SEC %s\n' "$*"; }"""


# Shell function printing a systemd unit's boot state without asking systemd (works offline):
# absent | masked | enabled | disabled.
UNIT_STATE_FUNCTION = r"""
unit_state() {
  for d in /etc/systemd/system /run/systemd/system /usr/lib/systemd/system /lib/systemd/system; do
    [ -e "$d/$1" ] && break
    d=""
  done
  if [ -z "$d" ]; then echo absent; return; fi
  if [ "$(readlink "/etc/systemd/system/$1" 2>/dev/null)" = /dev/null ]; then
    echo masked; return
  fi
  for w in /etc/systemd/system/*.wants/"$1"; do
    [ -e "$w" ] && { echo enabled; return; }
  done
  echo disabled
}
"""


def split_sections(text: str) -> dict[str, list[str]]:
    """Lines of each section printed with ``sec NAME``; a repeated name keeps the last one.

    Split on newlines only: ``str.splitlines`` would also split on the marker's \\036.
    """
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith(SECTION_PREFIX):
            current = parts[line[len(SECTION_PREFIX) :].strip()] = []
        elif current is not None:
            current.append(line)
    return parts


def section_files(parts: dict[str, list[str]], name: str) -> dict[str, FileDump]:
    """Files printed by ``dump_files`` inside section ``name``."""
    return split_files("\n".join(parts.get(name, [])))


def strip_comment(line: str) -> str:
    """A config line without its ``#`` comment and surrounding blanks."""
    return line.split("#", 1)[0].strip()


def where(path: str, number: int, line: str) -> str:
    """Evidence naming a configuration line: ``path:number: text``."""
    return f"{path}:{number}: {' '.join(line.split())}"
