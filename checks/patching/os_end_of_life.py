"""The operating system release still receives security updates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from auditor.eol import lookup
from auditor.facts.base import Facts
from auditor.facts.os_release import OsRelease
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped

# each support level (auditor.eol.LEVELS) as it is named in a message
_SUPPORT = {
    "standard": Message.of("standard support"),
    "lts": Message.of("lts support"),
    "extended": Message.of("extended support"),
}


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    release: OsRelease = facts["os_release"]
    clock: int = facts["clock"]
    support = lookup(release.id, release.version_id, release.pretty_name)
    if support is None:
        return skipped(
            "{name} (ID={id}, VERSION_ID={version_id}) is not in the end-of-life table",
            name=release.pretty_name,
            id=release.id,
            version_id=release.version_id or "-",
        )
    end, level = support.end(params["support_level"])
    today = datetime.fromtimestamp(clock, UTC).date()
    evidence = [
        f"PRETTY_NAME={release.pretty_name}",
        f"host date {today}",
        f"{support.name}: standard support until {support.standard}",
    ]
    if support.lts:
        evidence.append(f"{support.name}: LTS until {support.lts}")
    if support.extended:
        evidence.append(f"{support.name}: extended (paid) support until {support.extended}")
    days = (end - today).days
    if days < 0:
        return failed(
            "{name} reached the end of its {support} on {end} ({days} days ago)",
            evidence,
            name=support.name,
            support=_SUPPORT[level],
            end=end.isoformat(),
            days=-days,
        )
    return passed(
        "{name}: {support} until {end} ({days} days left)",
        evidence,
        name=support.name,
        support=_SUPPORT[level],
        end=end.isoformat(),
        days=days,
    )
