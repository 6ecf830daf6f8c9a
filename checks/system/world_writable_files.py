"""No world-writable file, nor world-writable directory without the sticky bit, in system paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed
from auditor.parsers.files import FileScan


def _kind(entry: FileEntry) -> Message:
    if entry.kind == "d":
        return Message.of("{path} (directory)", path=entry.describe())
    return Message.of("{path} (file)", path=entry.describe())


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: FileScan = facts["world_writable"]
    found = scan.outside(params["ignored_paths"])
    notes = [scan.note] if scan.note else []
    if found:
        kinds = Message.comma_joined([_kind(e) for e in found[:10]])
        evidence = notes + [e.describe() for e in found]
        if len(found) > 10:
            return failed(
                "{count} world-writable path(s) under system directories: {kinds} and {more} more",
                evidence,
                count=len(found),
                kinds=kinds,
                more=len(found) - 10,
            )
        return failed(
            "{count} world-writable path(s) under system directories: {kinds}",
            evidence,
            count=len(found),
            kinds=kinds,
        )
    if not scan.complete:
        return errored("the search was not complete: {note}", note=scan.note)
    return passed(
        "no world-writable file, and no world-writable directory without the sticky bit, "
        "under /etc /usr /bin /sbin /lib /var /opt /boot /srv"
    )
