"""Browsers on terminals keep no saved passwords."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.browser_logins import BrowserLogins
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    found: BrowserLogins = facts["browser_logins"]
    limit = params["max_saved_logins"]
    saved = [s for s in found.stores if s.logins is not None and s.logins > limit]
    unknown = [s for s in found.stores if s.logins is None]
    evidence = [
        f"{s.path} ({s.browser}, {s.size} bytes): "
        + (f"{s.logins} saved login(s)" if s.logins is not None else "not counted")
        for s in found.stores
    ]
    if saved:
        shown = [
            Message.of("{path}: {logins} saved login(s)", path=s.path, logins=s.logins)
            for s in saved
        ]
        return failed("browsers keep saved passwords: {shown}", evidence, shown=shown)
    if unknown:
        return errored(
            "{count} Chromium-family password store(s) could not be counted: sqlite3 "
            "is not installed on the host",
            evidence,
            count=len(unknown),
        )
    return passed(
        "{count} browser password store(s), none with saved logins",
        evidence,
        count=len(found.stores),
    )
