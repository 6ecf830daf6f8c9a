"""Separately mounted /tmp, /dev/shm, /home, /var and the like carry nodev, nosuid and noexec
as required for each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.mounts import Mounts
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed


def _options(value: Any) -> list[str]:
    """Required options given as a list or as one comma-separated string."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return [str(o).strip() for o in items if str(o).strip()]


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    mounts: Mounts = facts["mounts"]
    if mounts.mount_at("/") is None:
        return errored(
            "the mount of / is not visible (the scan runs in a chroot): "
            "mount options cannot be judged"
        )
    problems: list[Message] = []
    judged: list[str] = []
    evidence: list[str] = []
    for point, wanted in params["required"].items():
        mount = mounts.mount_at(point)
        if mount is None:
            evidence.append(
                f"{point}: not mounted separately, not judged here (see separate_partitions)"
            )
            continue
        judged.append(point)
        evidence.append(mount.describe())
        lacking = [o for o in _options(wanted) if o not in mount.options]
        if lacking:
            problems.append(Message.of("{point} without {options}", point=point, options=lacking))
    if problems:
        return failed("mounts lack required options: {problems}", evidence, problems=problems)
    if not judged:
        return passed(
            "none of {points} is mounted separately: no mount options to judge",
            evidence,
            points=list(params["required"]),
        )
    return passed("{points} mounted with the required options", evidence, points=judged)
