"""The operating system release still receives security updates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from auditor.eol import lookup
from auditor.facts.base import Facts
from auditor.facts.host import OsRelease
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    release: OsRelease = facts["os_release"]
    clock: int = facts["clock"]
    support = lookup(release.id, release.version_id, release.pretty_name)
    if support is None:
        return skipped(
            f"{release.pretty_name} (ID={release.id}, VERSION_ID={release.version_id or '-'}) "
            "is not in the end-of-life table"
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
            f"{support.name} reached the end of its {level} support on {end} ({-days} days ago)",
            evidence,
        )
    return passed(f"{support.name}: {level} support until {end} ({days} days left)", evidence)
