"""Whether a kernel parameter's value meets a required value or minimum."""

from __future__ import annotations


def satisfies(value: str, spec: str | int) -> bool:
    """Whether a sysctl value meets ``spec``: an exact value (``2``) or a minimum (``>=1``)."""
    text = str(spec).strip()
    if text.startswith(">="):
        return value.strip().lstrip("-").isdigit() and int(value) >= int(text[2:])
    return value.strip() == text
