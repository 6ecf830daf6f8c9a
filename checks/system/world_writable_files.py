"""No world-writable file, nor world-writable directory without the sticky bit, in system paths."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sys_files import FileScan
from auditor.outcome import Outcome, errored, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: FileScan = facts["world_writable"]
    found = [
        e
        for e in scan.entries
        if not any(fnmatch.fnmatch(e.path, p) for p in params["ignored_paths"])
    ]
    notes = [scan.note] if scan.note else []
    if found:
        kinds = ", ".join(
            f"{e.describe()} ({'directory' if e.kind == 'd' else 'file'})" for e in found[:10]
        )
        more = f" and {len(found) - 10} more" if len(found) > 10 else ""
        return failed(
            f"{len(found)} world-writable path(s) under system directories: {kinds}{more}",
            notes + [e.describe() for e in found],
        )
    if not scan.complete:
        return errored(f"the search was not complete: {scan.note}")
    return passed(
        "no world-writable file, and no world-writable directory without the sticky bit, "
        "under /etc /usr /bin /sbin /lib /var /opt /boot /srv"
    )
