"""The ``unowned_files`` fact: files and directories whose owner or group is no known user or
group, on the local"""

from __future__ import annotations

from auditor.facts.base import Raw, collector
from auditor.facts.walks import WALK_BOUNDS, find_walk, system_file_systems
from auditor.parsers.files import FileScan, parse_find

# find's -nouser and -nogroup ask the name service about every file (GNU find 4.9 reads
# /etc/passwd and /etc/group again for each: 0.3 of the 0.37 CPU-s this walk took on a lab host
# of 15,000 files). A file owned by an id that getent lists has a known owner, so up to
# KNOWN_MAX such ids (each a valid id: below 2^32 - 1) are compared first, as numbers, and only
# a file with another id is asked about: what is listed stays exactly what -nouser and -nogroup
# list.
KNOWN_MAX = 200
KNOWN_IDS = f"""known_ids() {{
  getent "$1" 2>/dev/null | awk -F: -v t="$2" '$3 ~ /^[0-9]+$/ && length($3) <= 10 &&
    $3 + 0 < 4294967295 && !seen[$3 + 0]++ && n++ < {KNOWN_MAX} {{ printf " ! %s %s", t, $3 }}'
}}
kuid=$(known_ids passwd -uid)
kgid=$(known_ids group -gid)"""
# The local file systems of set-uid files, and also /tmp; container layers keep ids of their own
# and are left out.
PREDICATE = (
    "\\( -path /var/lib/docker -o -path /var/lib/containers \\) -prune -o "
    "\\( \\( $kuid -nouser \\) -o \\( $kgid -nogroup \\) \\)"
)
SEPARATE = "/usr /var /opt /home /srv /boot /usr/local /tmp /var/tmp"
UNOWNED_SCRIPT = f"""{system_file_systems(SEPARATE)}
{KNOWN_IDS}
{find_walk("$dirs", PREDICATE)}
"""


@collector("unowned_files", UNOWNED_SCRIPT, needs_root=True, options=WALK_BOUNDS, cost=8)
def parse_unowned_files(raw: Raw) -> FileScan:
    """Files and directories whose owner or group is no known user or group, on the local
    system file systems."""
    return parse_find(raw)
