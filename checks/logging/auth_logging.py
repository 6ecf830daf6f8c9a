"""Authentication events (auth, authpriv) are written to a log that survives a reboot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_journald import Journald
from auditor.facts.log_syslog import SyslogConfig
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    syslog: SyslogConfig = facts["log_syslog"]
    journald: Journald = facts["log_journald"]
    files = [r for r in syslog.rules if r.kind == "file"]
    by_facility = {f: [r for r in files if r.receives(f)] for f in ("auth", "authpriv")}
    if all(by_facility.values()):
        rules = list(dict.fromkeys(r for rs in by_facility.values() for r in rs))
        return passed(
            "auth and authpriv messages are written to {targets}",
            [f"{r.file}: {r.text}" for r in rules],
            targets=list(dict.fromkeys(r.target for r in rules)),
        )
    storage = journald.get("Storage", "auto")
    journal = (
        f"journald Storage={storage}, /var/log/journal "
        f"{'present' if journald.var_log_journal else 'absent'}"
        if journald.installed
        else "systemd-journald not installed"
    )
    if journald.installed and journald.persistent:
        return passed("authentication events are kept in the persistent journal", [journal])
    missing = [f for f, rules in by_facility.items() if not rules]
    daemons = ", ".join(syslog.installed) or "none"
    evidence = [
        f"syslog daemons installed: {daemons}",
        journal,
        *(f"{r.file}: {r.text}" for r in files),
    ]
    if len(missing) > 1:
        return failed(
            "auth and authpriv messages are not written to any log file, and the journal "
            "is not persistent",
            evidence,
        )
    return failed(
        "{facility} messages are not written to any log file, and the journal is not persistent",
        evidence,
        facility=missing[0],
    )
