"""Accounts that can log in have been used recently."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.outcome import Outcome, errored, failed, passed


def _date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    now, limit = facts["clock"], params["max_days"]
    shadow, logins = facts["shadow"], facts["last_logins"]
    with_keys = {
        f.user for f in facts["ssh_user_keys"].authorized if any(not k.error for k in f.keys)
    }
    scanner = facts["target"].user
    candidates = sorted(
        name
        for name, entry in shadow.items()
        if (entry.usable or name in with_keys)
        and name != scanner
        and not entry.expired_account(now // DAY)
    )
    if not candidates:
        return passed("no account other than the scanner's has a usable password or SSH keys")
    if not logins.sources:
        return errored(
            "no login records (lastlog, lastlog2, wtmp) on the host to date the "
            f"last use of: {', '.join(candidates)}"
        )
    stale, unknown, evidence = [], [], []
    for name in candidates:
        entry = shadow[name]
        login = logins.of(name)
        changed = entry.last_change * DAY if entry.last_change else None
        latest = max((t for t in (login, changed) if t is not None), default=None)
        seen = f"last login {_date(login)}" if login else "never logged in"
        how = "password" if entry.usable else "SSH keys"
        if latest is None:
            unknown.append(f"{name}: {seen}, password change date unknown")
            continue
        age = (now - latest) // DAY
        if age > limit:
            when = f", password changed {_date(changed)}" if changed else ""
            stale.append(f"{name} ({how}): {seen}{when}, unused for {age} days")
            evidence.append(
                logins.lines.get(name, f"{'/'.join(logins.sources)}: {name} never logged in")
            )
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    evidence += unknown
    if stale:
        return failed(f"accounts unused for more than {limit} days: {'; '.join(stale)}", evidence)
    return passed(
        f"{len(candidates) - len(unknown)} account(s) that can log in were used within "
        f"{limit} days" + (f"; {len(unknown)} could not be dated" if unknown else ""),
        evidence,
    )
