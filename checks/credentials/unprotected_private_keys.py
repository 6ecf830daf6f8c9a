"""Private SSH keys in home directories have a passphrase and are private to their owner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    keys = facts["ssh_user_keys"].private
    if not keys:
        return passed("no private key found under the home directories")
    problems, evidence = [], []
    for key in keys:
        bare = key.encrypted is False
        open_ = bool(key.mode & 0o077)
        mode = f"{key.mode:04o}"
        if bare and open_:
            problem = Message.of(
                "{path} ({user}): no passphrase, mode {mode} open to group/others",
                path=key.path,
                user=key.user,
                mode=mode,
            )
        elif bare:
            problem = Message.of("{path} ({user}): no passphrase", path=key.path, user=key.user)
        elif open_:
            problem = Message.of(
                "{path} ({user}): mode {mode} open to group/others",
                path=key.path,
                user=key.user,
                mode=mode,
            )
        else:
            continue
        problems.append(problem)
        evidence.append(key.line())
    if problems:
        return failed("unprotected private keys: {problems}", evidence, problems=problems)
    return passed(
        "{count} private key(s), none without a passphrase or open to others",
        [key.line() for key in keys],
        count=len(keys),
    )
