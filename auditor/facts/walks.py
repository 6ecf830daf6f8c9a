"""What the filesystem walks share: they start only from directories on local file systems
(``local_dirs``, a function of every collector's prelude; ``find -xdev`` keeps each walk on the
file system it starts on), and their bounds are collector options, which the checks' parameters
set.

The prelude also gets ``lines_of`` (and ``NL``, a newline), with which a collector that runs one
command for many items (one stat for many files) checks that it printed a line for each before
taking the lines in order: when it printed fewer (an item gone since its test), it runs the
command for each item, as it did before, and prints what that printed."""

from __future__ import annotations

# The file system types ``stat -f -c %T`` names for network and user-space mounts: a walk over
# one would read another machine's disks (an NFS /home) from every host that mounts it.
REMOTE_TYPES = ("nfs*", "smb*", "cifs", "fuse", "fuse.*", "ceph", "afs", "v9fs", "lustre", "gpfs")

LOCAL_DIRS = f"""
NL='
'
# remote_type TYPE: whether a file system of the type stat -f -c %T names is not a local one
remote_type() {{
  case "$1" in {"|".join(REMOTE_TYPES)}) return 0 ;; esac
  return 1
}}
# lines_of TEXT: sets _k to the number of lines of TEXT (0 when it is empty)
lines_of() {{
  _k=0; _r=$1
  while [ -n "$_r" ]; do
    _k=$((_k + 1))
    case "$_r" in *"$NL"*) _r=${{_r#*"$NL"}} ;; *) _r="" ;; esac
  done
}}
# local_dirs DIR...: those of the directories that exist, are no symlink, and sit on a local
# file system, each followed by a space. One stat names the file system types of them all, a
# line each in their order; when it printed fewer lines (a directory gone since its test), a stat
# for each names them, as they were named before.
local_dirs() {{
  for _d; do
    shift
    [ -d "$_d" ] && [ ! -L "$_d" ] && set -- "$@" "$_d"
  done
  [ $# -gt 0 ] || return 0
  _t=$(stat -f -c %T -- "$@" 2>/dev/null)
  lines_of "$_t"
  for _d; do
    if [ "$_k" = $# ]; then
      _y=${{_t%%"$NL"*}}; _t=${{_t#*"$NL"}}
    else
      _y=$(stat -f -c %T "$_d" 2>/dev/null)
    fi
    remote_type "$_y" || printf '%s ' "$_d"
  done
}}
"""


def system_file_systems(dirs: str) -> str:
    """Shell setting ``dirs`` to the root and those of ``dirs`` (shell words) that are local file
    systems mounted apart from it: one stat prints the device of the root, then of each (a stat
    each, as before, when it printed fewer lines: one is gone since local_dirs)."""
    return f"""dirs=/
apart=$(local_dirs {dirs})
devs=$(stat -c %d -- / $apart 2>/dev/null)
lines_of "$devs"
n=1; for d in $apart; do n=$((n + 1)); done
if [ "$_k" = "$n" ]; then
  root=${{devs%%"$NL"*}}
  for d in $apart; do
    devs=${{devs#*"$NL"}}
    [ "${{devs%%"$NL"*}}" != "$root" ] && dirs="$dirs $d"
  done
else
  root=$(stat -c %d / 2>/dev/null)
  for d in $apart; do
    [ "$(stat -c %d "$d" 2>/dev/null)" != "$root" ] && dirs="$dirs $d"
  done
fi"""


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
