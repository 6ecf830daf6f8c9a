"""The ``clock`` fact: the host's clock, in seconds since the epoch, when the facts were
gathered."""

from __future__ import annotations

from auditor.facts.base import FactError, Raw, collector, whole_number


@collector("clock", "date +%s")
def parse_clock(raw: Raw) -> int:
    """The host's clock, in seconds since the epoch, when the facts were gathered."""
    seconds = whole_number(raw.stdout)
    if seconds is None:
        raise FactError(f"unexpected output of date +%s: {raw.stdout.strip()[:80]!r}")
    return seconds
