"""sshd lets in only the users or groups it names (AllowUsers, AllowGroups, DenyUsers,
DenyGroups)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed, skipped

NAMES = {  # sshd -T keyword -> as written in sshd_config
    "allowusers": "AllowUsers",
    "allowgroups": "AllowGroups",
    "denyusers": "DenyUsers",
    "denygroups": "DenyGroups",
}


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    config = facts["sshd"]
    if config is None:
        return skipped("sshd is not installed")
    found = {k: config[k] for k in NAMES if config.get(k)}
    evidence = [f"sshd -T: {k} {v}" for k, values in found.items() for v in values]
    if not found:
        return failed(
            "sshd lets every account with a password or key log in: none of AllowUsers, "
            "AllowGroups, DenyUsers, DenyGroups is set"
        )
    return passed(
        "sshd limits who may log in with {settings}",
        evidence,
        settings=[NAMES[k] for k in found],
    )
