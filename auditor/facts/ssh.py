"""SSH daemon facts."""

from __future__ import annotations

from auditor.facts.base import FactError, Raw, collector

SshdConfig = dict[str, list[str]]


@collector(
    "sshd",
    """
if ! command -v sshd >/dev/null 2>&1; then echo NO-SSHD; exit 0; fi
mkdir -p /run/sshd 2>/dev/null
sshd -T 2>&1
""",
    needs_root=True,
)
def parse_sshd(raw: Raw) -> SshdConfig | None:
    """Effective sshd settings from ``sshd -T``: lower-case keyword -> values; None if no sshd."""
    text = raw.stdout.strip()
    if text == "NO-SSHD":
        return None
    if raw.rc != 0:
        first = text.splitlines()[0] if text else f"exit status {raw.rc}"
        raise FactError(f"sshd -T failed: {first}")
    config: SshdConfig = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(" ")
        if key:
            config.setdefault(key.lower(), []).append(value.strip())
    if not config:
        raise FactError("sshd -T printed nothing")
    return config
