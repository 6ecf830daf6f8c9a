"""What a check returns: one status, a message naming what was judged, and the evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Status = Literal["pass", "fail", "error", "skip", "waived"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "error", "skip", "waived")


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check on one host."""

    status: Status
    message: str
    evidence: tuple[str, ...] = ()


def passed(message: str, evidence: Iterable[str] = ()) -> Outcome:
    return Outcome("pass", message, tuple(evidence))


def failed(message: str, evidence: Iterable[str] = ()) -> Outcome:
    return Outcome("fail", message, tuple(evidence))


def errored(message: str, evidence: Iterable[str] = ()) -> Outcome:
    return Outcome("error", message, tuple(evidence))


def skipped(message: str, evidence: Iterable[str] = ()) -> Outcome:
    return Outcome("skip", message, tuple(evidence))
