"""Accounts that can log in have been used recently."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from auditor.facts.accounts import DAY
from auditor.facts.base import Facts
from auditor.messages import Message
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
            "last use of: {accounts}",
            accounts=candidates,
        )
    stale: list[Message] = []
    unknown: list[str] = []
    evidence: list[str] = []
    for name in candidates:
        entry = shadow[name]
        login = logins.of(name)
        changed = entry.last_change * DAY if entry.last_change else None
        latest = max((t for t in (login, changed) if t is not None), default=None)
        if latest is None:
            seen = f"last login {_date(login)}" if login else "never logged in"
            unknown.append(f"{name}: {seen}, password change date unknown")
            continue
        age = (now - latest) // DAY
        if age > limit:
            how = Message.of("password") if entry.usable else Message.of("SSH keys")
            last = (
                Message.of("last login {date}", date=_date(login))
                if login
                else Message.of("never logged in")
            )
            stale.append(
                Message.of(
                    "{name} ({how}): {last}, password changed {changed}, unused for {age} days",
                    name=name,
                    how=how,
                    last=last,
                    changed=_date(changed),
                    age=age,
                )
                if changed
                else Message.of(
                    "{name} ({how}): {last}, unused for {age} days",
                    name=name,
                    how=how,
                    last=last,
                    age=age,
                )
            )
            evidence.append(
                logins.lines.get(name, f"{'/'.join(logins.sources)}: {name} never logged in")
            )
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    evidence += unknown
    if stale:
        return failed(
            "accounts unused for more than {limit} days: {stale}",
            evidence,
            limit=limit,
            stale=stale,
        )
    if unknown:
        return passed(
            "{count} account(s) that can log in were used within {limit} days; "
            "{unknown} could not be dated",
            evidence,
            count=len(candidates) - len(unknown),
            limit=limit,
            unknown=len(unknown),
        )
    return passed(
        "{count} account(s) that can log in were used within {limit} days",
        evidence,
        count=len(candidates),
        limit=limit,
    )
