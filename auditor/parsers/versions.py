"""Ordering of package and kernel version strings (rpm's segment comparison, with ``~``)."""

from __future__ import annotations

import re

_SEGMENT = re.compile(r"~|[0-9]+|[A-Za-z]+")


def _magnitude(digits: str) -> tuple[int, str]:
    """A run of digits as a key ordering like its number, without int() of a huge run."""
    significant = digits.lstrip("0")
    return len(significant), significant


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is older than, equal to or newer than ``b``.

    Versions are split into runs of digits and of letters (other characters only separate);
    numbers compare as numbers and rank above letters; ``~`` ranks below everything, even the
    end of the string (``1.0~rc1`` < ``1.0``). Good for kernel releases of both families.
    """
    left, right = _SEGMENT.findall(a), _SEGMENT.findall(b)
    for x, y in zip(left, right, strict=False):
        if x == y:
            continue
        if x == "~" or y == "~":
            return -1 if x == "~" else 1
        if x.isdigit() and y.isdigit():
            nx, ny = _magnitude(x), _magnitude(y)
            return (nx > ny) - (nx < ny)
        if x.isdigit() or y.isdigit():
            return 1 if x.isdigit() else -1
        return (x > y) - (x < y)
    if len(left) == len(right):
        return 0
    longer, sign = (left, 1) if len(left) > len(right) else (right, -1)
    return -sign if longer[min(len(left), len(right))] == "~" else sign


def newest(versions: list[str]) -> str:
    """The newest of ``versions`` (which must not be empty)."""
    best = versions[0]
    for version in versions[1:]:
        if compare_versions(version, best) > 0:
            best = version
    return best
