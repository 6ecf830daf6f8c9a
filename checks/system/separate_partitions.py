"""Directories that users and services fill or write freely (/tmp, /dev/shm, /var...) are
file systems of their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.mounts import Mounts
from auditor.outcome import Outcome, errored, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    mounts: Mounts = facts["mounts"]
    root = mounts.mount_at("/")
    if root is None:
        return errored(
            "the mount of / is not visible (the scan runs in a chroot): "
            "separate mounts cannot be judged"
        )
    missing: list[str] = []
    evidence: list[str] = []
    for point in params["mountpoints"]:
        mount = mounts.mount_at(point)
        if mount is not None:
            evidence.append(mount.describe())
            continue
        missing.append(point)
        holder = mounts.holding(point) or root
        evidence.append(f"{point}: no mount of its own, part of {holder.describe()}")
    if missing:
        return failed("not mounted separately: {points}", evidence, points=missing)
    return passed("mounted separately: {points}", evidence, points=list(params["mountpoints"]))
