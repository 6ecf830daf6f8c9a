"""Idle login shells end: TMOUT set, read-only and exported in the system shell start-up files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileDump
from auditor.outcome import Outcome, failed, passed
from auditor.parsers.config import strip_comment, where

_ASSIGN = re.compile(r"(?:^|\s)TMOUT=(\"[^\"]*\"|'[^']*'|[^\s;]*)")
_STATEMENTS = re.compile(r";|&&|\|\||\bthen\b|\bdo\b")
_BARE = re.compile(r"(readonly|export|declare|typeset)((?:\s+-\w+)*)((?:\s+\w+)+)\s*")


def _flags(words: str) -> tuple[bool, bool]:
    """Read-only and exported flags given by ``readonly``, ``export`` or ``declare -rx``."""
    first = words.split()[:1]
    options = "".join(w for w in words.split() if w.startswith("-"))
    readonly = first == ["readonly"] or (first[:1] in (["declare"], ["typeset"]) and "r" in options)
    exported = first == ["export"] or (first[:1] in (["declare"], ["typeset"]) and "x" in options)
    return readonly, exported


def scan(files: dict[str, FileDump]) -> tuple[list[tuple[str, str]], bool, bool]:
    """TMOUT assignments (value, where) and whether TMOUT is made read-only and exported."""
    values: list[tuple[str, str]] = []
    readonly = exported = False
    for path, dump in files.items():
        if path == "/etc/login.defs":
            continue
        for number, line in enumerate(dump.lines(), 1):
            if "TMOUT" not in line:  # what follows reads only statements naming it
                continue
            for statement in _STATEMENTS.split(strip_comment(line)):
                text = statement.strip()
                match = _ASSIGN.search(text)
                if match:
                    values.append((match.group(1).strip("\"'"), where(path, number, line)))
                    ro, ex = _flags(text[: match.start()])
                elif (bare := _BARE.fullmatch(text)) and "TMOUT" in bare.group(3).split():
                    ro, ex = _flags(text)
                else:
                    continue
                readonly, exported = readonly or ro, exported or ex
    return values, readonly, exported


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    values, readonly, exported = scan(facts["shell_init"])
    limit = params["max_seconds"]
    evidence = [w for _, w in values]
    if not values:
        return failed(
            "TMOUT is not set in /etc/profile, /etc/profile.d/*.sh or /etc/bash.bashrc", evidence
        )
    bad = [w for v, w in values if not v.isdigit() or not 0 < int(v) <= limit]
    if bad:
        return failed(
            "TMOUT not between 1 and {limit} s: {lines}",
            evidence,
            limit=limit,
            lines="; ".join(bad),
        )
    if params["require_readonly_export"]:
        if not readonly and not exported:
            return failed("TMOUT is set but not read-only and not exported", evidence)
        if not readonly:
            return failed("TMOUT is set but not read-only", evidence)
        if not exported:
            return failed("TMOUT is set but not exported", evidence)
    shown = sorted({v for v, _ in values})
    return passed(
        "TMOUT={values} s (limit {limit} s), read-only and exported",
        evidence,
        values=shown,
        limit=limit,
    )
