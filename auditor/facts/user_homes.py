"""Home directories of the users with a login shell, and the dot files at their top level."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, FileEntry, Raw, collector, sections, shared_input
from auditor.parsers.files import parse_find_line

HOME_LIMIT = 500  # users listed
DOT_FILE_LIMIT = 100  # dot files listed per home
ACCOUNT_LIMIT = 20000  # passwd lines read

# One line per account: name, uid, shell ("-" when empty or odd), the home directory's mode,
# owner, group and type ("- - - -" when it does not exist), and its path as passwd gives it.
# One find lists the homes of 200 accounts (a line each, "F" and the home as passwd gives it,
# which holds no newline), not one each; awk then prints each account's line with its home's.
HOME_DIRS = shared_input(
    "home_dirs",
    f"""
homes() {{ find -H "$@" -maxdepth 0 -printf 'F %m %u %g %y %p\\n'; }}
head -n {ACCOUNT_LIMIT} /etc/passwd | {{
  set --
  while IFS=: read -r name _pw uid _gid _gecos home shell; do
    case "$name" in ''|'#'*|+*|-*|*' '*) continue ;; esac
    case "$uid" in ''|*[!0-9]*) continue ;; esac
    case "$shell" in ''|*' '*) shell=- ;; esac
    printf 'A %s %s %s %s\\n' "$name" "$uid" "$shell" "$home"
    case "$home" in /*) [ -e "$home" ] && set -- "$@" "$home" ;; esac
    [ $# -lt 200 ] || {{ homes "$@"; set --; }}
  done
  [ $# -eq 0 ] || homes "$@"
}} | awk '
  /^F / {{ p = $0; sub(/^F [^ ]* [^ ]* [^ ]* [^ ]* /, "", p)
    found[p] = substr($0, 3, length($0) - length(p) - 3); next }}
  {{ line[++n] = substr($0, 3) }}
  END {{ for (i = 1; i <= n; i++) {{ h = line[i]; sub(/^[^ ]* [^ ]* [^ ]* /, "", h)
    printf "%s%s %s\\n", substr(line[i], 1, length(line[i]) - length(h)),
      (h in found) ? found[h] : "- - - -", h }} }}'
""",
)

# A login shell is one /etc/shells lists (any shell but nologin and false, without the file).
# /etc/shells is read once, its lines each between newlines, where grep -qxF was one process for
# each user.
USER_HOMES_SCRIPT = f"""
shells=$NL
if [ -f /etc/shells ]; then
  while IFS= read -r l || [ -n "$l" ]; do shells="$shells$l$NL"; done < /etc/shells
fi
shared home_dirs | head -n {HOME_LIMIT} |
while read -r name _uid shell mode owner group kind home; do
  case "$shell" in */nologin|*/false|-) continue ;; esac
  if [ -f /etc/shells ]; then case "$shells" in *"$NL$shell$NL"*) ;; *) continue ;; esac; fi
  sec home "$name"
  if [ "$mode" = - ]; then echo "missing $home"; continue; fi
  printf '%s %s %s %s %s\\n' "$mode" "$owner" "$group" "$kind" "$home"
  [ "$kind" = d ] || continue
  find -H "$home" -mindepth 1 -maxdepth 1 -name '.*' -type f -printf '%m %u %g %y %p\\n' |
    head -n {DOT_FILE_LIMIT}
done
sec end
"""


@dataclass(frozen=True)
class UserHome:
    """A user's home directory as passwd names it (``entry`` None when it does not exist) and
    the dot files directly in it."""

    user: str
    path: str
    entry: FileEntry | None
    dot_files: tuple[FileEntry, ...]


@collector("user_homes", USER_HOMES_SCRIPT, needs_root=True, uses=HOME_DIRS)
def parse_user_homes(raw: Raw) -> tuple[UserHome, ...]:
    """Owner and mode of each login user's home directory and of its dot files."""
    found = sections(raw.stdout)
    if not found or found[-1][0] != "end":
        raise FactError("the listing of home directories did not finish")
    homes = []
    for name, user, lines in found:
        if name != "home":
            continue
        lines = [line for line in lines if line]
        if lines and lines[0].startswith("missing"):
            homes.append(UserHome(user, lines[0].removeprefix("missing").strip(), None, ()))
            continue
        entries = [e for line in lines if (e := parse_find_line(line))]
        if not entries:
            raise FactError(f"no listing of {user}'s home directory")
        homes.append(UserHome(user, entries[0].path, entries[0], tuple(entries[1:])))
    return tuple(homes)
