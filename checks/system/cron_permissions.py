"""Cron configuration is owned by root and not writable by group or others."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    entries: tuple[FileEntry, ...] = facts["cron_files"]
    if not entries:
        return skipped("no cron configuration (/etc/crontab, /etc/cron.*) on the host")
    forbidden = int(str(params["forbidden_mode"]), 8)
    bad = [e for e in entries if e.owner not in params["allowed_owners"] or e.mode & forbidden]
    if bad:
        return failed(
            "{count} cron file(s) not owned by {owners} or with mode bits {mode} set: {files}",
            [e.describe() for e in bad],
            count=len(bad),
            owners="/".join(params["allowed_owners"]),
            mode=params["forbidden_mode"],
            files="; ".join(e.describe() for e in bad),
        )
    return passed(
        "{count} cron file(s) and directories owned by root without mode bits {mode}",
        [e.describe() for e in entries[:5]],
        count=len(entries),
        mode=params["forbidden_mode"],
    )
