"""Whether a kernel parameter's value meets a required value or minimum."""

from __future__ import annotations

from auditor.facts.base import whole_number


def satisfies(value: str, spec: str | int) -> bool:
    """Whether a sysctl value meets ``spec``: an exact value (``2``) or a minimum (``>=1``)."""
    text = str(spec).strip()
    if text.startswith(">="):
        number = whole_number(value, signed=True)
        return number is not None and number >= int(text[2:])
    return value.strip() == text
