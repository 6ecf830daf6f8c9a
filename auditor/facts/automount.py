"""The ``automount`` fact: autofs/udisks2 boot state, automounter processes and GNOME media-
handling settings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.facts.base import FactError, FileDump, Raw, collector, section_files, split_sections
from auditor.facts.process_list import PROCESSES, listed
from auditor.parsers.config import UNIT_STATE_FUNCTION

AUTOMOUNT_SCRIPT = f"""
{UNIT_STATE_FUNCTION}
sec units
states=$(for s in autofs udisks2; do unit_state $s.service; done)  # one subshell, a line each
for s in autofs udisks2; do echo "$s ${{states%%"$NL"*}}"; states=${{states#*"$NL"}}; done
shared processes  # the process list, in its own sections (comm and args, or proc)
sec desktop
for b in gnome-shell nautilus; do command -v "$b" >/dev/null 2>&1 && echo "$b"; done
sec files
dump_files /etc/dconf/db/*.d/* /etc/dconf/db/*.d/locks/* \\
  /usr/share/glib-2.0/schemas/*.gschema.override
"""


@dataclass(frozen=True)
class Automount:
    """Automount services, automounter processes, GNOME presence and its system settings."""

    units: dict[str, str]
    processes: tuple[str, ...]
    gnome: bool
    settings: dict[str, FileDump]

    def gnome_automount_off(self) -> list[str]:
        """Lines of dconf system databases or schema overrides turning GNOME automount off."""
        found = []
        for path, dump in self.settings.items():
            section = ""
            for number, line in enumerate(dump.lines(), 1):
                text = line.strip()
                if text.startswith("["):
                    section = text.strip("[]").replace(".", "/")
                elif section == "org/gnome/desktop/media-handling" and re.fullmatch(
                    r"automount\s*=\s*false", text
                ):
                    found.append(f"{path}:{number}: {text}")
        return found


# The processes worth reporting: automounters, and GNOME's shell and file manager.
AUTOMOUNT_PROCESSES = frozenset({"automount", "udiskie", "gnome-shell", "nautilus"})


@collector("automount", AUTOMOUNT_SCRIPT, uses=PROCESSES)
def parse_automount(raw: Raw) -> Automount:
    """autofs/udisks2 boot state, automounter processes and GNOME media-handling settings."""
    parts = split_sections(raw.stdout)
    if "units" not in parts:
        raise FactError("unexpected output of the automount collector")
    pairs = (line.strip().partition(" ") for line in parts["units"] if line.strip())
    units = {name: state.strip() for name, _, state in pairs}
    found = listed(raw.stdout)
    processes = tuple(sorted({p.comm for p in found if p.comm in AUTOMOUNT_PROCESSES}))
    gnome = any(x.strip() for x in parts.get("desktop", []))
    return Automount(units, processes, gnome, section_files(parts, "files"))
