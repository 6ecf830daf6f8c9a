"""What a check returns: one status, a message naming what was judged, and the evidence.

Messages are templates with named fields (see :mod:`auditor.messages`), never f-strings, so a
stored result can be shown later in Vietnamese or English:
``failed("PermitRootLogin is {value}; allowed: {allowed}", evidence, value=v, allowed=[...])``.
A list argument is shown joined with ", ".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from auditor.messages import Message

Status = Literal["pass", "fail", "error", "skip", "waived"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "error", "skip", "waived")


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check on one host."""

    status: Status
    text: Message
    evidence: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The message in English, for logs and tests."""
        return self.text.render("en")


def _outcome(
    status: Status, template: str, evidence: Iterable[str], args: dict[str, Any]
) -> Outcome:
    return Outcome(status, Message.of(template, **args), tuple(evidence))


def passed(template: str, evidence: Iterable[str] = (), **args: Any) -> Outcome:
    return _outcome("pass", template, evidence, args)


def failed(template: str, evidence: Iterable[str] = (), **args: Any) -> Outcome:
    return _outcome("fail", template, evidence, args)


def errored(template: str, evidence: Iterable[str] = (), **args: Any) -> Outcome:
    return _outcome("error", template, evidence, args)


def skipped(template: str, evidence: Iterable[str] = (), **args: Any) -> Outcome:
    return _outcome("skip", template, evidence, args)
