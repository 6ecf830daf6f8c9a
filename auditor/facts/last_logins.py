"""The ``last_logins`` fact: last login time per account from lastlog/lastlog2 and the wtmp
records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from auditor.facts.base import Raw, collector, sections

_LASTLOG_DATE = re.compile(r"\w{3} (\w{3}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})\s*$")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:?\d{2}|Z)?")

_FULL_DATE = re.compile(r"\w{3} (\w{3}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})")

NOT_USERS = frozenset({"reboot", "shutdown", "runlevel", "wtmp", "wtmpdb", "Username"})


@dataclass(frozen=True)
class LastLogins:
    """The most recent login seen for each account, and the records that were read."""

    latest: dict[str, int]
    lines: dict[str, str]
    sources: tuple[str, ...]

    def of(self, name: str) -> int | None:
        """Epoch seconds of ``name``'s last recorded login, or None if none is recorded."""
        return self.latest.get(name)


def _login_time(source: str, line: str) -> int | None:
    """Epoch seconds of the date in ``line``, None when it has none or an impossible one."""
    try:
        return _date_in(source, line)
    except (ValueError, OverflowError):  # Feb 30, hour 25: a garbled line, not a login
        return None


def _date_in(source: str, line: str) -> int | None:
    if source in {"lastlog", "lastlog2"}:
        if m := _LASTLOG_DATE.search(line):
            text = " ".join(m.groups())
            return int(datetime.strptime(text, "%b %d %H:%M:%S %z %Y").timestamp())
        return None
    if m := _ISO_DATE.search(line):
        stamp = datetime.fromisoformat(m.group(0).replace("Z", "+00:00"))
        return int((stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).timestamp())
    if m := _FULL_DATE.search(line):
        stamp = datetime.strptime(" ".join(m.groups()), "%b %d %H:%M:%S %Y")
        return int(stamp.replace(tzinfo=UTC).timestamp())
    return None


@collector(
    "last_logins",
    """
if command -v timeout >/dev/null 2>&1; then t="timeout 30"; else t=""; fi
if command -v lastlog2 >/dev/null 2>&1; then
  sec lastlog2; $t lastlog2 2>/dev/null | head -n 5000
fi
if command -v lastlog >/dev/null 2>&1 && [ -e /var/log/lastlog ]; then
  sec lastlog; $t lastlog 2>/dev/null | head -n 5000
fi
if command -v wtmpdb >/dev/null 2>&1; then
  sec wtmpdb; $t wtmpdb last --time-format iso 2>/dev/null | head -n 5000
fi
if command -v last >/dev/null 2>&1 && [ -e /var/log/wtmp ]; then
  sec wtmp
  { $t last -w --time-format iso 2>/dev/null || $t last -F -w 2>/dev/null; } | head -n 5000
fi
""",
)
def parse_last_logins(raw: Raw) -> LastLogins:
    """Last login time per account from lastlog/lastlog2 and the wtmp records."""
    latest: dict[str, int] = {}
    lines: dict[str, str] = {}
    sources = []
    for source, _, body in sections(raw.stdout):
        sources.append(source)
        for line in body:
            name = line.split(" ", 1)[0]
            if not name or name in NOT_USERS or "Never logged in" in line:
                continue
            when = _login_time(source, line)
            if when is not None and when > latest.get(name, -1):
                latest[name] = when
                lines[name] = f"{source}: {' '.join(line.split())}"
    return LastLogins(latest, lines, tuple(sources))
