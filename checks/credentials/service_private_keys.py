"""The private keys of the host's services can be read by root (and a key group) only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped


def _problem(entry: FileEntry, groups: list[str], owners: list[str]) -> Message | None:
    if entry.owner not in owners:
        return Message.of("owned by {owner}: {entry}", owner=entry.owner, entry=entry.describe())
    open_bits = 0o006 if entry.kind == "d" else 0o007  # others may pass through a key directory
    if entry.mode & open_bits:
        return Message.of("open to every user: {entry}", entry=entry.describe())
    if entry.mode & 0o020:
        return Message.of("writable by its group: {entry}", entry=entry.describe())
    if entry.kind != "d" and entry.mode & 0o040 and entry.group not in groups:
        return Message.of("readable by group {group}: {entry}", group=entry.group,
                          entry=entry.describe())  # fmt: skip
    return None


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    found: tuple[FileEntry, ...] = facts["service_keys"]
    keys = [k for k in found if k.kind != "d"]
    if not keys:
        return skipped("no SSH host key or TLS private key in the usual places")
    groups, owners = list(params["key_groups"]), list(params["owners"])
    problems = [p for k in found if (p := _problem(k, groups, owners))]
    evidence = [k.describe() for k in found]
    if problems:
        return failed(
            "{count} private key file(s) or key directories readable or writable beyond root: "
            "{problems}",
            evidence,
            count=len(problems),
            problems=problems,
        )
    return passed(
        "{count} private key file(s) readable by root only (or a key group)",
        evidence,
        count=len(keys),
    )
