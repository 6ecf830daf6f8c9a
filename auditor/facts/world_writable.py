"""The ``world_writable`` fact: world-writable files, and directories without the sticky bit, under
system paths."""

from __future__ import annotations

from auditor.facts.base import Raw, collector
from auditor.parsers.files import FileScan, parse_find

WORLD_WRITABLE_LIMIT = 200

WORLD_WRITABLE_SCRIPT = f"""
dirs=""
for d in /etc /usr /bin /sbin /lib /lib32 /lib64 /libx32 /var /opt /boot /srv; do
  [ -d "$d" ] && [ ! -L "$d" ] && dirs="$dirs $d"
done
{{
  timeout 100 find $dirs -xdev \\( -path /var/tmp -o -path /var/crash \\
    -o -path /var/lib/docker \\) -prune -o \\
    \\( -type f -perm -0002 -o -type d -perm -0002 ! -perm -1000 \\) \\
    -printf '%m %u %g %y %p\\n' 2>/dev/null
  echo "find-exit $?"
}} | head -n {WORLD_WRITABLE_LIMIT + 1}
"""


@collector("world_writable", WORLD_WRITABLE_SCRIPT, needs_root=True, cost=3)
def parse_world_writable(raw: Raw) -> FileScan:
    """World-writable files, and directories without the sticky bit, under system paths."""
    return parse_find(raw, WORLD_WRITABLE_LIMIT)
