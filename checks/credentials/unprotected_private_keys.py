"""Private SSH keys in home directories have a passphrase and are private to their owner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    keys = facts["ssh_user_keys"].private
    if not keys:
        return passed("no private key found under the home directories")
    problems, evidence = [], []
    for key in keys:
        wrong = []
        if key.encrypted is False:
            wrong.append("no passphrase")
        if key.mode & 0o077:
            wrong.append(f"mode {key.mode:04o} open to group/others")
        if wrong:
            problems.append(f"{key.path} ({key.user}): {', '.join(wrong)}")
            evidence.append(key.line())
    if problems:
        return failed("unprotected private keys: " + "; ".join(problems), evidence)
    return passed(
        f"{len(keys)} private key(s), none without a passphrase or open to others",
        [key.line() for key in keys],
    )
