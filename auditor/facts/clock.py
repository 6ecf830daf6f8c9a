"""The ``clock`` fact: the host's clock, in seconds since the epoch, when the facts were
gathered."""

from __future__ import annotations

from auditor.facts.base import FactError, Raw, collector


@collector("clock", "date +%s")
def parse_clock(raw: Raw) -> int:
    """The host's clock, in seconds since the epoch, when the facts were gathered."""
    text = raw.stdout.strip()
    if not text.isdigit():
        raise FactError(f"unexpected output of date +%s: {text[:80]!r}")
    return int(text)
