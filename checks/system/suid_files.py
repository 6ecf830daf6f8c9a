"""Only approved programs are set-uid or set-gid."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sys_files import FileScan
from auditor.outcome import Outcome, errored, failed, passed


def canonical(path: str) -> str:
    """The /usr path of a file reached through /bin, /sbin, /lib or /lib64 (merged /usr)."""
    return re.sub(r"^/(bin|sbin|lib|lib64|lib32|libx32)/", r"/usr/\1/", path)


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: FileScan = facts["suid_sgid"]
    approved = [canonical(p) for p in params["approved"]]
    found = [
        e for e in scan.entries if not any(fnmatch.fnmatch(canonical(e.path), p) for p in approved)
    ]
    evidence = ([scan.note] if scan.note else []) + [e.describe() for e in found]
    if found:
        shown = "; ".join(e.describe() for e in found[:10])
        if len(found) > 10:
            return failed(
                "{count} set-uid/set-gid program(s) not approved: {shown} and {more} more",
                evidence,
                count=len(found),
                shown=shown,
                more=len(found) - 10,
            )
        return failed(
            "{count} set-uid/set-gid program(s) not approved: {shown}",
            evidence,
            count=len(found),
            shown=shown,
        )
    if not scan.complete:
        return errored("the search was not complete: {note}", note=scan.note)
    return passed("{count} set-uid/set-gid program(s), all approved", count=len(scan.entries))
