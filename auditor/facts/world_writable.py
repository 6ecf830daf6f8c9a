"""The ``world_writable`` fact: world-writable files, and directories without the sticky bit, under
system paths."""

from __future__ import annotations

from auditor.facts.base import Raw, collector
from auditor.facts.walks import WALK_BOUNDS, find_walk
from auditor.parsers.files import FileScan, parse_find

PREDICATE = (
    "\\( -path /var/tmp -o -path /var/crash -o -path /var/lib/docker \\) -prune -o "
    "\\( -type f -perm -0002 -o -type d -perm -0002 ! -perm -1000 \\)"
)
WORLD_WRITABLE_SCRIPT = f"""
dirs=$(local_dirs /etc /usr /bin /sbin /lib /lib32 /lib64 /libx32 /var /opt /boot /srv)
{find_walk("$dirs", PREDICATE)}
"""


@collector("world_writable", WORLD_WRITABLE_SCRIPT, needs_root=True, options=WALK_BOUNDS, cost=3)
def parse_world_writable(raw: Raw) -> FileScan:
    """World-writable files, and directories without the sticky bit, under system paths on
    local file systems."""
    return parse_find(raw)
