"""Only approved programs are set-uid or set-gid, each shipped by a package and unchanged
since the package installed it."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.facts.suid_sgid import SuidScan
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed


def canonical(path: str) -> str:
    """The /usr path of a file reached through /bin, /sbin, /lib or /lib64 (merged /usr)."""
    return re.sub(r"^/(bin|sbin|lib|lib64|lib32|libx32)/", r"/usr/\1/", path)


def _matches(entry: FileEntry, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(canonical(entry.path), p) for p in patterns)


def _package_findings(scan: SuidScan, params: Mapping[str, Any]) -> list[Message]:
    """Set-uid/set-gid files in no package (unless allowed) or changed since installation."""
    allowed = [canonical(p) for p in params["approved_unpackaged"]]
    findings = []
    for entry in scan.entries:
        if entry.path in scan.unpackaged and not _matches(entry, allowed):
            findings.append(Message.of("in no package: {file}", file=entry.describe()))
        if entry.path in scan.modified:
            findings.append(
                Message.of("changed since its package installed it: {file}", file=entry.describe())
            )
    return findings


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: SuidScan = facts["suid_sgid"]
    approved = [canonical(p) for p in params["approved"]]
    found = [e for e in scan.entries if not _matches(e, approved)]
    packaged = _package_findings(scan, params)
    verified = f"verified with {scan.verified_by}" if scan.verified_by else "not verified"
    evidence = (
        ([scan.note] if scan.note else [])
        + [e.describe() for e in found]
        + [m.render("en") for m in packaged]
        + [f"package contents {verified}"]
    )
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
    if packaged:
        return failed(
            "{count} set-uid/set-gid program(s) not as their package shipped them: {findings}",
            evidence,
            count=len(packaged),
            findings=packaged,
        )
    if not scan.complete:
        return errored("the search was not complete: {note}", note=scan.note)
    if scan.verified_by is None:
        return passed(
            "{count} set-uid/set-gid program(s), all approved (package contents not verified: "
            "no dpkg or rpm)",
            evidence,
            count=len(scan.entries),
        )
    return passed(
        "{count} set-uid/set-gid program(s), all approved, packaged and unchanged ({verifier})",
        evidence,
        count=len(scan.entries),
        verifier=scan.verified_by,
    )
