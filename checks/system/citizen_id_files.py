"""No ID-card scans or exports of citizen identity numbers are left on a terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.citizen_data_files import CitizenFile, CitizenFiles
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed

SHOWN = 5


def _describe(f: CitizenFile) -> Message:
    fields = {"path": f.path, "kind": f.kind, "size": f.size}
    if f.numbers and f.name_match:
        return Message.of(
            "{path} ({kind}, {size} bytes): {numbers} CCCD number(s), e.g. {samples}, "
            "name looks like an ID-card scan/export",
            numbers=f.numbers,
            samples=list(f.samples),
            **fields,
        )
    if f.numbers:
        return Message.of(
            "{path} ({kind}, {size} bytes): {numbers} CCCD number(s), e.g. {samples}",
            numbers=f.numbers,
            samples=list(f.samples),
            **fields,
        )
    return Message.of(
        "{path} ({kind}, {size} bytes): name looks like an ID-card scan/export", **fields
    )


def _limits(scan: CitizenFiles) -> list[Message]:
    """What the search could not cover: bounds hit, tools missing, files read in part."""
    limits = []
    if not scan.complete:
        limits.append(Message.of("the search did not finish: the listing may be partial"))
    if scan.hit_files:
        limits.append(Message.of("the search stopped after {files} files", files=scan.max_files))
    if scan.hit_time:
        limits.append(
            Message.of("the search stopped at its time limit of {seconds} s", seconds=scan.seconds)
        )
    truncated = [f.path for f in scan.files if f.truncated]
    if truncated:
        limits.append(
            Message.of(
                "{count} file(s) read only up to {size} bytes of text: {paths}",
                count=len(truncated),
                size=scan.max_bytes,
                paths=truncated[:SHOWN],
            )
        )
    unread = Counter(f.kind for f in scan.files if f.no_tool)
    for kind, count in sorted(unread.items()):
        if kind == "pdf":
            limits.append(
                Message.of(
                    "{count} {kind} file(s) not examined: pdftotext is not on the host",
                    count=count,
                    kind=kind,
                )
            )
        else:
            limits.append(
                Message.of(
                    "{count} {kind} file(s) not examined: neither unzip nor python3 is on the host",
                    count=count,
                    kind=kind,
                )
            )
    return limits


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    scan: CitizenFiles = facts["citizen_data_files"]
    found = [
        f
        for f in scan.files
        if (f.numbers or 0) >= params["min_numbers"] or (f.name_match and params["match_names"])
    ]
    limits = _limits(scan)
    notes = [m.render("en") for m in limits]
    if found:
        total = sum(f.numbers or 0 for f in found)
        evidence = [_describe(f).render("en") for f in found] + notes
        shown = [_describe(f) for f in found[:SHOWN]]
        if len(found) > SHOWN:
            return failed(
                "{count} file(s) with citizen identity data ({total} CCCD number(s) in "
                "contents): {shown} and {more} more",
                evidence,
                count=len(found),
                total=total,
                shown=shown,
                more=len(found) - SHOWN,
            )
        return failed(
            "{count} file(s) with citizen identity data ({total} CCCD number(s) in "
            "contents): {shown}",
            evidence,
            count=len(found),
            total=total,
            shown=shown,
        )
    if limits:
        return passed(
            "no ID-card scan or file with CCCD numbers found in /home, /root, /tmp and /var/tmp, "
            "but the search was partial: {limits}",
            notes,
            limits=limits,
        )
    return passed(
        "no ID-card scan or file with CCCD numbers in /home, /root, /tmp and /var/tmp ({files} "
        "file(s) examined)",
        files=scan.examined,
    )
