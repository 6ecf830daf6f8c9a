"""The ``cron_files`` fact: mode and owner of /etc/crontab, /etc/cron.d, the cron.* directories and
their files."""

from __future__ import annotations

from auditor.facts.base import (
    FactError,
    FileEntry,
    Raw,
    collector,
    octal_mode,
)

CRON_SCRIPT = """
for p in /etc/crontab /etc/cron.allow /etc/cron.deny /etc/cron.d /etc/cron.hourly \\
  /etc/cron.daily /etc/cron.weekly /etc/cron.monthly /etc/cron.yearly; do
  [ -e "$p" ] || continue
  stat -L -c '%a|%U|%G|%F|%n' "$p" 2>/dev/null
  if [ -d "$p" ]; then
    for f in "$p"/*; do [ -e "$f" ] && stat -L -c '%a|%U|%G|%F|%n' "$f" 2>/dev/null; done
  fi
done
echo cron-done
"""


@collector("cron_files", CRON_SCRIPT)
def parse_cron_files(raw: Raw) -> tuple[FileEntry, ...]:
    """Mode and owner of /etc/crontab, /etc/cron.d, the cron.* directories and their files."""
    if "cron-done" not in raw.stdout:
        raise FactError("the cron file listing did not finish")
    entries = []
    for line in raw.stdout.splitlines():
        fields = line.split("|", 4)
        if len(fields) == 5 and (mode := octal_mode(fields[0])) is not None:
            kind = "d" if fields[3] == "directory" else "f"
            entries.append(FileEntry(mode, fields[1], fields[2], kind, fields[4]))
    return tuple(entries)
