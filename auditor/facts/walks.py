"""What the filesystem walks share: they start only from directories on local file systems
(``local_dirs``, a function of every collector's prelude; ``find -xdev`` keeps each walk on the
file system it starts on), and their bounds are collector options, which the checks' parameters
set."""

from __future__ import annotations

# The file system types ``stat -f -c %T`` names for network and user-space mounts: a walk over
# one would read another machine's disks (an NFS /home) from every host that mounts it.
REMOTE_TYPES = ("nfs*", "smb*", "cifs", "fuse", "fuse.*", "ceph", "afs", "v9fs", "lustre", "gpfs")

LOCAL_DIRS = f"""
# remote_type TYPE: whether a file system of the type stat -f -c %T names is not a local one
remote_type() {{
  case "$1" in {"|".join(REMOTE_TYPES)}) return 0 ;; esac
  return 1
}}
# local_dirs DIR...: those of the directories that exist, are no symlink, and sit on a local
# file system, each followed by a space
local_dirs() {{
  for d; do
    [ -d "$d" ] && [ ! -L "$d" ] || continue
    remote_type "$(stat -f -c %T "$d" 2>/dev/null)" && continue
    printf '%s ' "$d"
  done
}}
"""


def system_file_systems(dirs: str) -> str:
    """Shell setting ``dirs`` to the root and those of ``dirs`` (shell words) that are local file
    systems mounted apart from it."""
    return f"""dirs=/
root=$(stat -c %d / 2>/dev/null)
for d in $(local_dirs {dirs}); do
  [ "$(stat -c %d "$d" 2>/dev/null)" != "$root" ] && dirs="$dirs $d"
done"""


# A listing's bounds: at most ``max_listed`` entries, and ``walk_seconds`` of walking (within the
# runner's 120 s per collector).
WALK_BOUNDS = {"max_listed": 200, "walk_seconds": 100}


def find_walk(dirs: str, predicate: str) -> str:
    """Shell that lists what ``find`` matches with ``predicate`` under ``dirs`` (shell words),
    bounded by the options of :data:`WALK_BOUNDS`: a ``find-limit`` line, at most
    ``max_listed + 1`` entries, then the walk's ``find-exit`` status."""
    return f"""echo "find-limit $max_listed"
{{
  if [ -n "{dirs}" ]; then
    timeout "$walk_seconds" find {dirs} -xdev {predicate} -printf '%m %u %g %y %p\\n' 2>/dev/null
    echo "find-exit $?"
  else
    echo "find-exit 0"
  fi
}} | head -n $((max_listed + 2))"""
