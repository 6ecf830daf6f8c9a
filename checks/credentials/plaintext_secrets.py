"""No password or token is left in plain text in histories or in files every user can read."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.plaintext_secrets import PlaintextSecrets
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    found: PlaintextSecrets = facts["plaintext_secrets"]
    exempt = list(params["exempt_paths"])
    files = [f for f in found.files if not any(fnmatch.fnmatch(f.path, p) for p in exempt)]
    if not files:
        return passed(
            "no password or token in plain text in accounts' histories or in scripts and "
            "configuration files every user can read"
        )
    evidence = [f"{f.path}:{line.number}: {line.text}" for f in files for line in f.lines]
    histories = [f.describe() for f in files if f.kind == "history"]
    readable = [f.describe() for f in files if f.kind == "readable"]
    if histories and readable:
        return failed(
            "passwords or tokens in plain text (masked in the evidence): in histories "
            "{histories}; in files every user can read {readable}",
            evidence,
            histories=histories,
            readable=readable,
        )
    if histories:
        return failed(
            "passwords or tokens typed in plain text (masked in the evidence) in {histories}",
            evidence,
            histories=histories,
        )
    return failed(
        "passwords or tokens in plain text (masked in the evidence) in files every user can "
        "read: {readable}",
        evidence,
        readable=readable,
    )
