"""The ``accounts`` fact: users and groups from /etc/passwd and /etc/group, the shells of
/etc/shells, with the"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.facts.base import (
    FactError,
    FileEntry,
    Raw,
    collector,
    split_sections,
    whole_number,
)

NOLOGIN_SHELLS = frozenset(
    {
        "",
        "/usr/sbin/nologin",
        "/sbin/nologin",
        "/usr/bin/nologin",
        "/bin/nologin",
        "/bin/false",
        "/usr/bin/false",
    }
)

ACCOUNT_FILES = (
    "/etc/passwd",
    "/etc/group",
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/passwd-",
    "/etc/group-",
    "/etc/shadow-",
    "/etc/gshadow-",
    "/etc/shells",
    "/etc/security/opasswd",
    "/etc/security/opasswd.old",
)

DAY = 86400


@dataclass(frozen=True)
class User:
    """One /etc/passwd entry."""

    name: str
    uid: int
    gid: int
    gecos: str
    home: str
    shell: str
    password: str = field(default="x", repr=False)

    @property
    def has_login_shell(self) -> bool:
        return self.shell not in NOLOGIN_SHELLS

    def line(self) -> str:
        """The entry as in /etc/passwd, with any password hash in it replaced by a marker."""
        pw = self.password if self.password in {"", "x", "*", "!"} else "<hash>"
        return f"{self.name}:{pw}:{self.uid}:{self.gid}:{self.gecos}:{self.home}:{self.shell}"


@dataclass(frozen=True)
class Group:
    """One /etc/group entry."""

    name: str
    gid: int
    members: tuple[str, ...] = ()


def is_nologin(shell: str) -> bool:
    """Whether ``shell`` is a program that refuses logins (nologin, false) or no shell."""
    return shell in NOLOGIN_SHELLS or shell.rsplit("/", 1)[-1] == "nologin"


@dataclass(frozen=True)
class Accounts:
    """Users and groups of the local files, the shells /etc/shells lists (None when it is
    missing), and the modes of the account databases."""

    users: tuple[User, ...]
    groups: tuple[Group, ...]
    files: dict[str, FileEntry]
    shells: tuple[str, ...] | None = None

    def user(self, name: str) -> User | None:
        return next((u for u in self.users if u.name == name), None)

    def interactive(self, user: User) -> bool:
        """Whether ``user`` has a login shell: one /etc/shells lists (when the file exists)
        that is not nologin or false."""
        if self.shells is None:
            return user.has_login_shell
        return user.shell in self.shells and not is_nologin(user.shell)

    def members(self, group: str) -> list[str]:
        """Users in ``group``: listed members and users whose primary group it is."""
        found = [g for g in self.groups if g.name == group]
        if not found:
            return []
        gids = {g.gid for g in found}
        names = [m for g in found for m in g.members]
        names += [u.name for u in self.users if u.gid in gids]
        return sorted(set(names))


def optional_int(text: str) -> int | None:
    return whole_number(text, signed=True)


def parse_stat_line(line: str) -> FileEntry | None:
    """``<mode> <owner> <group> <path>`` as printed by ``stat -c '%a %U %G %n'``."""
    parts = line.split(" ", 3)
    if len(parts) != 4 or not re.fullmatch(r"[0-7]{1,4}", parts[0]):
        return None
    return FileEntry(int(parts[0], 8), parts[1], parts[2], "f", parts[3])


@collector(
    "accounts",
    """
set --; s=""
for f in """
    + " ".join(ACCOUNT_FILES)
    + """; do
  [ -e "$f" ] && set -- "$@" "$f"
done
# one stat for them all, a line each (one each, as before, when it printed fewer)
[ $# -eq 0 ] || s=$(stat -c 'STAT %a %U %G %n' -- "$@" 2>/dev/null)
lines_of "$s"
if [ "$_k" != $# ]; then
  for f; do printf 'STAT %s\\n' "$(stat -c '%a %U %G %n' -- "$f")"; done
elif [ $# -gt 0 ]; then
  printf '%s\\n' "$s"
fi
sec passwd; cat /etc/passwd
sec group; cat /etc/group
if [ -f /etc/shells ]; then sec shells; cat /etc/shells; fi
""",
)
def parse_accounts(raw: Raw) -> Accounts:
    """Users and groups from /etc/passwd and /etc/group, the shells of /etc/shells, with the
    modes of the account files."""
    files = {}
    for line in raw.stdout.splitlines():
        if line.startswith("STAT ") and (mode := parse_stat_line(line[5:])):
            files[mode.path] = mode
    parts = split_sections(raw.stdout)
    users = []
    for line in parts.get("passwd", []):
        f = line.split(":")
        if (
            len(f) == 7
            and f[0]
            and (uid := optional_int(f[2])) is not None
            and (gid := optional_int(f[3])) is not None
        ):
            users.append(User(f[0], uid, gid, f[4], f[5], f[6], f[1]))
    groups = []
    for line in parts.get("group", []):
        f = line.split(":")
        if len(f) == 4 and f[0] and (gid := optional_int(f[2])) is not None:
            groups.append(Group(f[0], gid, tuple(m for m in f[3].split(",") if m)))
    if not users:
        raise FactError("/etc/passwd could not be read or has no entries")
    shells = None
    if "shells" in parts:
        shells = tuple(s for line in parts["shells"] if (s := line.split("#", 1)[0].strip()))
    return Accounts(tuple(users), tuple(groups), files, shells)
