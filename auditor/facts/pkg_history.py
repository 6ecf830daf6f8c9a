"""The ``pkg_history`` fact: latest package install/upgrade from dpkg.log* or the rpm database
(install times)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from auditor.facts.base import FactError, Raw, collector, sections, whole_number


@dataclass(frozen=True)
class PackageEvent:
    """A package installed or upgraded, when (epoch seconds) and the log line."""

    time: int
    line: str


HISTORY_SCRIPT = r"""
sec tz "$(date +%z)"
if command -v dpkg >/dev/null 2>&1; then
  sec dpkg
  for f in /var/log/dpkg.log /var/log/dpkg.log.1 /var/log/dpkg.log.2.gz /var/log/dpkg.log.3.gz \
      /var/log/dpkg.log.4.gz /var/log/dpkg.log.5.gz /var/log/dpkg.log.6.gz /var/log/dpkg.log.7.gz \
      /var/log/dpkg.log.8.gz /var/log/dpkg.log.9.gz /var/log/dpkg.log.10.gz \
      /var/log/dpkg.log.11.gz /var/log/dpkg.log.12.gz; do
    [ -e "$f" ] || continue
    if [ ! -r "$f" ]; then
      sec unreadable "$f"; sec dpkg
      continue
    fi
    case "$f" in *.gz) reader="gzip -dc" ;; *) reader=cat ;; esac
    last=$($reader "$f" 2>/dev/null \
      | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} (install|upgrade) ' | tail -n 3)
    if [ -n "$last" ]; then printf '%s\n' "$last"; break; fi
  done
elif command -v rpm >/dev/null 2>&1; then
  sec rpm
  rpm -qa --qf '%{INSTALLTIME} %{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\n' 2>/dev/null \
    | grep -v '^[0-9]* gpg-pubkey-' | sort -rn | head -n 3
fi
"""


def _offset(text: str) -> timezone:
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)", text.strip())
    if not match:
        return UTC
    sign = -1 if match.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


@dataclass(frozen=True)
class PackageHistory:
    """The latest package installs or upgrades recorded, newest first."""

    source: str
    events: tuple[PackageEvent, ...]


@collector("pkg_history", HISTORY_SCRIPT)
def parse_history(raw: Raw) -> PackageHistory:
    """Latest package install/upgrade from dpkg.log* or the rpm database (install times)."""
    tz, source = UTC, ""
    events: list[PackageEvent] = []
    unreadable: list[str] = []
    for name, arg, lines in sections(raw.stdout):
        if name == "tz":
            tz = _offset(arg)
        elif name == "unreadable":
            unreadable.append(arg)
        elif name == "dpkg":
            source = "dpkg"
            for line in lines:
                try:
                    when = datetime.strptime(line[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz)
                except ValueError:
                    continue
                events.append(PackageEvent(int(when.timestamp()), line.strip()))
        elif name == "rpm":
            source = "rpm"
            for line in lines:
                text, _, package = line.strip().partition(" ")
                stamp = whole_number(text)
                if stamp is not None and not package.startswith("gpg-pubkey-"):
                    events.append(PackageEvent(stamp, f"installed {package}"))
    if not source:
        raise FactError("neither dpkg nor rpm found on the host")
    if not events and unreadable:
        raise FactError(f"cannot read {', '.join(unreadable)} (needs root)")
    events.sort(key=lambda e: e.time, reverse=True)
    return PackageHistory(source, tuple(events))
