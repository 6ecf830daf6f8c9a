"""Only approved programs are set-uid or set-gid, each shipped by a package and unchanged
since the package installed it."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.facts.suid_sgid import SuidScan
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

_MERGED = re.compile(r"^/(bin|sbin|lib|lib64|lib32|libx32)/")
_GLOB = re.compile(r"[*?[]")


def canonical(path: str) -> str:
    """The /usr path of a file reached through /bin, /sbin, /lib or /lib64 (merged /usr)."""
    return _MERGED.sub(r"/usr/\1/", path)


def _matcher(patterns: Iterable[str]) -> Callable[[FileEntry], bool]:
    """A test of whether an entry's canonical path matches one of the glob ``patterns`` (made
    canonical): a pattern without a wildcard is a path, looked up in a set; only the others are
    matched one by one."""
    paths = {canonical(p) for p in patterns}
    globs = [p for p in paths if _GLOB.search(p)]
    paths.difference_update(globs)

    def matches(entry: FileEntry) -> bool:
        path = canonical(entry.path)
        return path in paths or any(fnmatch.fnmatch(path, p) for p in globs)

    return matches


def _package_findings(scan: SuidScan, params: Mapping[str, Any]) -> list[Message]:
    """Set-uid/set-gid files in no package (unless allowed) or changed since installation."""
    allowed = _matcher(params["approved_unpackaged"])
    findings = []
    for entry in scan.entries:
        if entry.path in scan.unpackaged and not allowed(entry):
            findings.append(Message.of("in no package: {file}", file=entry.describe()))
        if entry.path in scan.modified:
            findings.append(
                Message.of("changed since its package installed it: {file}", file=entry.describe())
            )
    return findings


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: SuidScan = facts["suid_sgid"]
    approved = _matcher(params["approved"])
    found = [e for e in scan.entries if not approved(e)]
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
