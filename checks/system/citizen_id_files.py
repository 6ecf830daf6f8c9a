"""No ID-card scans or exports of citizen identity numbers are left on a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.terminal import CitizenFile, CitizenFiles
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def _describe(f: CitizenFile) -> Message:
    if f.numbers and f.name_match:
        return Message.of(
            "{path} ({size} bytes): {numbers} CCCD number(s), e.g. {sample}, "
            "name looks like an ID-card scan/export",
            path=f.path,
            size=f.size,
            numbers=f.numbers,
            sample=f.sample,
        )
    if f.numbers:
        return Message.of(
            "{path} ({size} bytes): {numbers} CCCD number(s), e.g. {sample}",
            path=f.path,
            size=f.size,
            numbers=f.numbers,
            sample=f.sample,
        )
    if f.name_match:
        return Message.of(
            "{path} ({size} bytes): name looks like an ID-card scan/export",
            path=f.path,
            size=f.size,
        )
    return Message.of("{path} ({size} bytes): ", path=f.path, size=f.size)


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
        evidence = [_describe(f).render("en") for f in found] + notes
        shown = [_describe(f) for f in found[:5]]
        if len(found) > 5:
            return failed(
                "{count} file(s) with citizen identity data ({total} CCCD number(s) in "
                "contents): {shown} and {more} more",
                evidence,
                count=len(found),
                total=total,
                shown=shown,
                more=len(found) - 5,
            )
        return failed(
            "{count} file(s) with citizen identity data ({total} CCCD number(s) in "
            "contents): {shown}",
            evidence,
            count=len(found),
            total=total,
            shown=shown,
        )
    return passed(
        "no ID-card scan or file with CCCD numbers in /home, /root, /tmp and /var/tmp", notes
    )
