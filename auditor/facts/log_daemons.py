"""The ``log_daemons`` fact: processes visible on the host (pid, user, comm, command line), from ps
or /proc."""

from __future__ import annotations

from auditor.facts.base import Raw, collector
from auditor.facts.process_list import PROCESSES, Process, parse_processes


@collector("log_daemons", "cat", uses=PROCESSES)
def parse_daemons(raw: Raw) -> tuple[Process, ...]:
    """Processes visible on the host (pid, user, comm, command line), from ps or /proc."""
    return parse_processes(raw.stdout)
