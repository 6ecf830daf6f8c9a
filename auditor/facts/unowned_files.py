"""The ``unowned_files`` fact: files and directories whose owner or group is no known user or
group, on the local"""

from __future__ import annotations

from auditor.facts.base import Raw, collector
from auditor.parsers.files import FileScan, parse_find

UNOWNED_LIMIT = 200

# The local file systems: the root and the separately mounted system directories, as for set-uid
# files, but also /home and /tmp; container layers keep ids of their own and are left out.
UNOWNED_SCRIPT = f"""
dirs=/
root=$(stat -c %d / 2>/dev/null)
for d in /usr /var /opt /home /srv /boot /usr/local /tmp /var/tmp; do
  [ -d "$d" ] && [ ! -L "$d" ] && [ "$(stat -c %d "$d" 2>/dev/null)" != "$root" ] &&
    [ "$(stat -f -c %T "$d" 2>/dev/null)" != nfs ] && dirs="$dirs $d"
done
{{
  timeout 100 find $dirs -xdev \\( -path /var/lib/docker -o -path /var/lib/containers \\) \\
    -prune -o \\( -nouser -o -nogroup \\) -printf '%m %u %g %y %p\\n' 2>/dev/null
  echo "find-exit $?"
}} | head -n {UNOWNED_LIMIT + 1}
"""


@collector("unowned_files", UNOWNED_SCRIPT, needs_root=True, cost=8)
def parse_unowned_files(raw: Raw) -> FileScan:
    """Files and directories whose owner or group is no known user or group, on the local
    system file systems."""
    return parse_find(raw, UNOWNED_LIMIT)
