"""The ``cron_files`` fact: mode and owner of /etc/crontab, /etc/cron.d, the cron.* directories and
their files."""

from __future__ import annotations

from auditor.facts.base import FactError, FileEntry, Raw, collector, shared_input
from auditor.parsers.files import parse_find_line

# Read by cron_files, and by scheduled_jobs for the modes of the cron files it lists.

CRON_PATHS = shared_input(
    "cron_paths",
    """
set --
for p in /etc/crontab /etc/cron.allow /etc/cron.deny /etc/cron.d /etc/cron.hourly \\
  /etc/cron.daily /etc/cron.weekly /etc/cron.monthly /etc/cron.yearly; do
  [ -e "$p" ] && set -- "$@" "$p"
done
# one find lists them all, in their order
[ $# -eq 0 ] || find -L "$@" -maxdepth 1 ! -name '.*' -printf '%m %u %g %y %p\\n' 2>/dev/null
echo cron-done
""",
)


@collector("cron_files", "shared cron_paths", uses=CRON_PATHS)
def parse_cron_files(raw: Raw) -> tuple[FileEntry, ...]:
    """Mode and owner of /etc/crontab, /etc/cron.d, the cron.* directories and their files."""
    if "cron-done" not in raw.stdout:
        raise FactError("the cron file listing did not finish")
    return tuple(e for line in raw.stdout.splitlines() if (e := parse_find_line(line)))
