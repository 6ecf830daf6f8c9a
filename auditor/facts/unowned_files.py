"""The ``unowned_files`` fact: files and directories whose owner or group is no known user or
group, on the local"""

from __future__ import annotations

from auditor.facts.base import Raw, collector
from auditor.facts.walks import WALK_BOUNDS, find_walk, system_file_systems
from auditor.parsers.files import FileScan, parse_find

# The local file systems of set-uid files, and also /tmp; container layers keep ids of their own
# and are left out.
PREDICATE = (
    "\\( -path /var/lib/docker -o -path /var/lib/containers \\) -prune -o "
    "\\( -nouser -o -nogroup \\)"
)
SEPARATE = "/usr /var /opt /home /srv /boot /usr/local /tmp /var/tmp"
UNOWNED_SCRIPT = f"""{system_file_systems(SEPARATE)}
{find_walk("$dirs", PREDICATE)}
"""


@collector("unowned_files", UNOWNED_SCRIPT, needs_root=True, options=WALK_BOUNDS, cost=8)
def parse_unowned_files(raw: Raw) -> FileScan:
    """Files and directories whose owner or group is no known user or group, on the local
    system file systems."""
    return parse_find(raw)
