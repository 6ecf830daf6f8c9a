"""The ``kernel`` fact: running kernel release and host name."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector


@dataclass(frozen=True)
class Kernel:
    """The running kernel and the host name it reports."""

    release: str
    hostname: str


@collector("kernel", "uname -r; uname -n")
def parse_kernel(raw: Raw) -> Kernel:
    """Running kernel release and host name."""
    lines = raw.stdout.split("\n")
    if len(lines) < 2 or not lines[0].strip():
        raise FactError("uname printed nothing")
    return Kernel(lines[0].strip(), lines[1].strip())
