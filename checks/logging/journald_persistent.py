"""The systemd journal is stored on disk, so it survives a reboot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.logs import Journald
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    journald: Journald = facts["log_journald"]
    if not journald.installed:
        return skipped("systemd-journald is not installed")
    storage, source = journald.settings.get("Storage", ("auto", ""))
    evidence = [
        f"Storage={storage} ({source or 'default'})",
        f"/var/log/journal {'exists' if journald.var_log_journal else 'does not exist'}",
    ]
    if journald.persistent:
        return passed("journal stored on disk (Storage={storage})", evidence, storage=storage)
    if storage.lower() == "auto":
        return failed(
            "journal kept in memory only: Storage={storage} and /var/log/journal does not exist",
            evidence,
            storage=storage,
        )
    return failed("journal kept in memory only: Storage={storage}", evidence, storage=storage)
