"""Owner and mode of sshd's configuration files and of its public host keys."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, FileEntry, Raw, collector, split_sections
from auditor.facts.sshd import SSHD_EFFECTIVE
from auditor.parsers.files import parse_find_line

FIND_FORMAT = "'%m %u %g %y %p\\n'"


@dataclass(frozen=True)
class SshdFiles:
    """sshd_config and the ``*.conf`` drop-ins of sshd_config.d; the public halves of the host
    keys sshd uses (its ``HostKey`` settings) and of the keys in /etc/ssh."""

    config: tuple[FileEntry, ...]
    public_keys: tuple[FileEntry, ...]


SSHD_FILES_SCRIPT = f"""
keys=$(shared sshd_effective | awk '$1 == "hostkey" {{ print $2 }}')
# one find lists the files found, in their order; a path not starting with / has a find of its
# own (in a list, find could read it as its expression)
files() {{ [ $# -eq 0 ] || find -H "$@" -maxdepth 0 -printf {FIND_FORMAT}; }}
sec config
set --
for f in /etc/ssh/sshd_config /etc/ssh/sshd_config.d/*.conf; do
  [ -e "$f" ] && set -- "$@" "$f"
done
files "$@"
sec keys
{{ for k in $keys; do echo "$k.pub"; done; ls -d /etc/ssh/*.pub 2>/dev/null; }} | sort -u | {{
  set --
  while read -r f; do
    [ -e "$f" ] || continue
    case "$f" in /*) set -- "$@" "$f"; continue ;; esac
    files "$@"; set --
    files "$f"
  done
  files "$@"
}}
sec end
"""


def _entries(lines: list[str]) -> tuple[FileEntry, ...]:
    return tuple(e for line in lines if (e := parse_find_line(line)))


@collector("sshd_files", SSHD_FILES_SCRIPT, needs_root=True, uses=SSHD_EFFECTIVE)
def parse_sshd_files(raw: Raw) -> SshdFiles:
    """Mode and owner of sshd_config, its sshd_config.d/*.conf drop-ins and public host keys."""
    parts = split_sections(raw.stdout)
    if "end" not in parts:
        raise FactError("the listing of sshd's files did not finish")
    return SshdFiles(_entries(parts.get("config", [])), _entries(parts.get("keys", [])))
