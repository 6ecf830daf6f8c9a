"""No ID-card scans or exports of citizen identity numbers are left on a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.terminal import CitizenFile, CitizenFiles
from auditor.outcome import Outcome, failed, passed


def _describe(f: CitizenFile) -> str:
    why = []
    if f.numbers:
        why.append(f"{f.numbers} CCCD number(s), e.g. {f.sample}")
    if f.name_match:
        why.append("name looks like an ID-card scan/export")
    return f"{f.path} ({f.size} bytes): {', '.join(why)}"


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: CitizenFiles = facts["citizen_data_files"]
    found = [
        f
        for f in scan.files
        if (f.numbers or 0) >= params["min_numbers"] or (f.name_match and params["match_names"])
    ]
    notes = [] if scan.complete else ["the search did not finish: the listing may be partial"]
    if not scan.unzip:
        notes.append("unzip is missing on the host: .xlsx/.docx contents were not read")
    if found:
        total = sum(f.numbers or 0 for f in found)
        return failed(
            f"{len(found)} file(s) with citizen identity data ({total} CCCD number(s) in "
            f"contents): {'; '.join(_describe(f) for f in found[:5])}"
            + (f" and {len(found) - 5} more" if len(found) > 5 else ""),
            [_describe(f) for f in found] + notes,
        )
    return passed(
        "no ID-card scan or file with CCCD numbers in /home, /root, /tmp and /var/tmp", notes
    )
