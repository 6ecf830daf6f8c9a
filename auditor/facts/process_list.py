"""The processes running on the host: listed once per scan (the shared input ``processes``) and
read by every collector that needs them (``process_list``, ``firewall``, ``automount``)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.facts.base import (
    FactError,
    Raw,
    collector,
    sections,
    shared_input,
    whole_number,
)


@dataclass(frozen=True)
class Process:
    """A process seen on the host: id, owner, kernel name (``comm``, 15 chars at most) and
    command line (first 300 characters; "" when unknown)."""

    pid: int
    user: str
    comm: str
    args: str = ""

    def describe(self) -> str:
        """Name, pid and user: never the arguments, which may hold secrets."""
        return f"{self.comm} (pid {self.pid}, user {self.user})"

    def is_named(self, name: str) -> bool:
        """Whether this is program ``name``: by argv[0]'s base name, else by ``comm``. A name
        longer than ``comm``'s 15 characters is matched on ``comm`` only when the command line
        is unknown: ``systemd-journal-upload`` and journald share the ``comm``
        "systemd-journal"."""
        argv0 = self.args.split(" ", 1)[0] if self.args else ""
        base = posixpath.basename(argv0).rstrip(":")
        by_comm = self.comm == name[:15] and (len(name) <= 15 or not argv0)
        return base == name or (not argv0.startswith("[") and by_comm)


def running(processes: Iterable[Process], names: Iterable[str]) -> list[Process]:
    """The processes that are one of the programs ``names``."""
    wanted = list(names)
    return [p for p in processes if any(p.is_named(n) for n in wanted)]


# ps is usable when both listings print something (BusyBox's ps may know -o but not user:32);
# otherwise everything is read from /proc: pid, owner of /proc/PID, comm, a TAB, the command line.
# Every line starts with a pid: ps shows control characters as "?", and the newlines of a command
# line read from /proc become spaces (comm is read up to its first newline), so that a process
# cannot print a line of its own into the output of the collectors that embed this one.
PROCESSES_SCRIPT = r"""
c=$(ps -e -o pid=,comm= 2>/dev/null)
a=$(ps -eww -o pid=,user:32=,args= 2>/dev/null | cut -c1-300)
if [ -n "$c" ] && [ -n "$a" ]; then
  sec comm; printf '%s\n' "$c"
  sec args; printf '%s\n' "$a"
else
  sec proc
  for d in /proc/[0-9]*; do
    read -r n < "$d/comm" 2>/dev/null || continue
    u=$(stat -c %U "$d" 2>/dev/null)
    l=$(tr '\0\n' '  ' < "$d/cmdline" 2>/dev/null | cut -c1-300)
    printf '%s %s %s\t%s\n' "${d#/proc/}" "${u:-?}" "$n" "$l"
  done
fi
"""

PROCESSES = shared_input("processes", PROCESSES_SCRIPT)

UNKNOWN_USER = "?"


def listed(text: str) -> tuple[Process, ...]:
    """The processes in the output of :data:`PROCESSES` (sections ``comm`` and ``args`` from ps,
    or ``proc``), by pid; none when it lists none."""
    comms: dict[int, str] = {}
    users: dict[int, str] = {}
    args: dict[int, str] = {}
    for name, _, lines in sections(text):
        for line in lines:
            pid, _, rest = line.lstrip(" ").partition(" ")
            key = whole_number(pid)
            if key is None:
                continue
            rest = rest.lstrip(" ")
            if name == "comm":
                comms[key] = rest.strip()  # a comm may hold spaces: all of the rest
            elif name == "args":
                user, _, command = rest.partition(" ")
                users[key], args[key] = user, command.strip()
            elif name == "proc":
                user, _, more = rest.partition(" ")
                comm, _, command = more.partition("\t")
                comms[key], users[key], args[key] = comm.strip(), user, command.strip()
    return tuple(
        Process(pid, users.get(pid) or UNKNOWN_USER, comm, args.get(pid, ""))
        for pid, comm in sorted(comms.items())
    )


def parse_processes(text: str) -> tuple[Process, ...]:
    """The processes in the output of :data:`PROCESSES`; FactError when it lists none."""
    found = listed(text)
    if not found:
        raise FactError("no process list: neither ps nor /proc could be read")
    return found


@collector("process_list", "shared processes", uses=PROCESSES)
def parse_process_list(raw: Raw) -> tuple[Process, ...]:
    """Processes visible on the host: pid, user, command name and line (ps, else /proc)."""
    return parse_processes(raw.stdout)
