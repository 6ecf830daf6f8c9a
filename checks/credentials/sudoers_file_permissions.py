"""The files sudo reads its rules from, and their directories, are root's and writable by
root only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.facts.sudoers import Sudoers
from auditor.outcome import Outcome, failed, passed, skipped


def _unsafe(entry: FileEntry, owners: list[str], forbidden: int) -> bool:
    return entry.owner not in owners or bool(entry.mode & forbidden)


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sudoers: Sudoers | None = facts["sudoers"]
    if sudoers is None:
        return skipped("sudo is not installed (no /etc/sudoers)")
    read = set(sudoers.files)
    judged = [e for e in sudoers.modes if e.kind == "d" or e.path in read]
    owners = list(params["allowed_owners"])
    forbidden = int(str(params["forbidden_mode"]), 8)
    bad = [e for e in judged if _unsafe(e, owners, forbidden)]
    if bad:
        return failed(
            "{count} sudoers file(s) or directories not owned by {owners} or with mode bits "
            "{mode} set: {files}",
            [e.describe() for e in bad],
            count=len(bad),
            owners="/".join(owners),
            mode=params["forbidden_mode"],
            files="; ".join(e.describe() for e in bad),
        )
    return passed(
        "{count} sudoers file(s) and directories owned by {owners} without mode bits {mode}",
        [e.describe() for e in judged],
        count=len(judged),
        owners="/".join(owners),
        mode=params["forbidden_mode"],
    )
