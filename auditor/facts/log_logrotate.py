"""The ``log_logrotate`` fact: logrotate rules (rotate count, period, maxage) from logrotate.conf
and logrotate.d."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FileDump, Raw, collector, sections, split_files
from auditor.parsers.logrotate import RotateRule, parse_logrotate


@dataclass(frozen=True)
class Logrotate:
    """logrotate: installed, how it is scheduled, and its rules in reading order."""

    installed: bool
    rules: tuple[RotateRule, ...]
    scheduled_by: tuple[str, ...]


LOGROTATE_SCRIPT = r"""
command -v logrotate >/dev/null 2>&1 && sec installed
sec scheduled
for p in /etc/cron.daily/logrotate /etc/cron.hourly/logrotate \
    /etc/systemd/system/timers.target.wants/logrotate.timer; do
  [ -e "$p" ] && printf '%s\n' "$p"
done
sec files
dump_files /etc/logrotate.conf /etc/logrotate.d/*
"""


@collector("log_logrotate", LOGROTATE_SCRIPT)
def parse_logrotate_fact(raw: Raw) -> Logrotate:
    """logrotate rules (rotate count, period, maxage) from logrotate.conf and logrotate.d."""
    installed = False
    scheduled: list[str] = []
    files: dict[str, FileDump] = {}
    for name, _, lines in sections(raw.stdout):
        if name == "installed":
            installed = True
        elif name == "scheduled":
            scheduled = [x.strip() for x in lines if x.strip()]
        elif name == "files":
            files = split_files("\n".join(lines))
    return Logrotate(installed, tuple(parse_logrotate(files)), tuple(scheduled))
