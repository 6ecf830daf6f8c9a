"""Every file on the local file systems has an owner and a group that exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, errored, failed, passed
from auditor.parsers.files import FileScan

SHOWN = 10


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: FileScan = facts["unowned_files"]
    found = scan.outside(params["ignored_paths"])
    notes = [scan.note] if scan.note else []
    if found:
        paths = [e.describe() for e in found[:SHOWN]]
        evidence = notes + [e.describe() for e in found]
        if len(found) > SHOWN:
            return failed(
                "{count} file(s) whose owner or group no longer exists: {paths} and {more} more",
                evidence,
                count=len(found),
                paths=paths,
                more=len(found) - SHOWN,
            )
        return failed(
            "{count} file(s) whose owner or group no longer exists: {paths}",
            evidence,
            count=len(found),
            paths=paths,
        )
    if not scan.complete:
        return errored("the search was not complete: {note}", note=scan.note)
    return passed("every file on the local file systems has an existing owner and group")
