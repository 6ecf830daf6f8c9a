"""Local accounts: /etc/passwd, /etc/group, /etc/shells, /etc/shadow, login.defs and useradd
defaults.

Password hashes read from /etc/shadow stay inside :class:`ShadowEntry` (``repr=False``); use
:meth:`ShadowEntry.redacted` for anything shown to a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.facts.base import FactError, Raw, collector, split_files, split_sections

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


@dataclass(frozen=True)
class FileMode:
    """Permissions and ownership of a file."""

    path: str
    mode: int
    owner: str
    group: str

    def line(self) -> str:
        return f"{self.path} {self.mode:04o} {self.owner}:{self.group}"


def is_nologin(shell: str) -> bool:
    """Whether ``shell`` is a program that refuses logins (nologin, false) or no shell."""
    return shell in NOLOGIN_SHELLS or shell.rsplit("/", 1)[-1] == "nologin"


@dataclass(frozen=True)
class Accounts:
    """Users and groups of the local files, the shells /etc/shells lists (None when it is
    missing), and the modes of the account databases."""

    users: tuple[User, ...]
    groups: tuple[Group, ...]
    files: dict[str, FileMode]
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


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else None


def parse_stat_line(line: str) -> FileMode | None:
    """``<mode> <owner> <group> <path>`` as printed by ``stat -c '%a %U %G %n'``."""
    parts = line.split(" ", 3)
    if len(parts) != 4 or not re.fullmatch(r"[0-7]{1,4}", parts[0]):
        return None
    return FileMode(parts[3], int(parts[0], 8), parts[1], parts[2])


@collector(
    "accounts",
    """
for f in """
    + " ".join(ACCOUNT_FILES)
    + """; do
  [ -e "$f" ] && printf 'STAT %s\\n' "$(stat -c '%a %U %G %n' -- "$f")"
done
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
            and (uid := _int(f[2])) is not None
            and (gid := _int(f[3])) is not None
        ):
            users.append(User(f[0], uid, gid, f[4], f[5], f[6], f[1]))
    groups = []
    for line in parts.get("group", []):
        f = line.split(":")
        if len(f) == 4 and f[0] and (gid := _int(f[2])) is not None:
            groups.append(Group(f[0], gid, tuple(m for m in f[3].split(",") if m)))
    if not users:
        raise FactError("/etc/passwd could not be read or has no entries")
    shells = None
    if "shells" in parts:
        shells = tuple(s for line in parts["shells"] if (s := line.split("#", 1)[0].strip()))
    return Accounts(tuple(users), tuple(groups), files, shells)


HASH_METHODS = (
    ("$y$", "yescrypt"),
    ("$gy$", "gost-yescrypt"),
    ("$7$", "scrypt"),
    ("$2b$", "bcrypt"),
    ("$2a$", "bcrypt"),
    ("$2y$", "bcrypt"),
    ("$2x$", "bcrypt"),
    ("$6$", "sha512crypt"),
    ("$5$", "sha256crypt"),
    ("$sha1$", "sha1crypt"),
    ("$md5", "sunmd5"),
    ("$1$", "md5crypt"),
    ("$3$", "nthash"),
)
_DES = re.compile(r"[./0-9A-Za-z]{13}")
_BSDI = re.compile(r"_[./0-9A-Za-z]{19}")


def hash_method(value: str) -> str:
    """The crypt method of a hash (``yescrypt``, ``des``...), or ``""`` when it is not one."""
    for prefix, name in HASH_METHODS:
        if value.startswith(prefix):
            return name
    if _DES.fullmatch(value):
        return "des"
    if _BSDI.fullmatch(value):
        return "bsdicrypt"
    return ""


@dataclass(frozen=True)
class ShadowEntry:
    """One /etc/shadow entry; ages are in days (``last_change`` in days since 1970-01-01)."""

    name: str
    password: str = field(repr=False)
    last_change: int | None = None
    min_days: int | None = None
    max_days: int | None = None
    warn_days: int | None = None
    inactive_days: int | None = None
    expire: int | None = None

    @property
    def state(self) -> str:
        """``empty`` (no password needed), ``usable``, ``locked`` (``!``) or ``disabled``."""
        if self.password == "":
            return "empty"
        if self.password.startswith("!"):
            return "locked"
        return "usable" if hash_method(self.password) else "disabled"

    @property
    def usable(self) -> bool:
        """Whether the password lets someone log in (a hash, or no password at all)."""
        return self.state in {"empty", "usable"}

    @property
    def method(self) -> str:
        return hash_method(self.password.lstrip("!"))

    def expired_account(self, today: int) -> bool:
        """Whether the account itself has expired (field 8), which disables every login."""
        return self.expire is not None and 0 <= self.expire <= today

    def redacted(self) -> str:
        """The entry as in /etc/shadow with the hash replaced by its method."""
        pw = self.password
        if len(pw) > 4:
            pw = ("!" if self.state == "locked" else "") + f"<{self.method or 'non-hash'} value>"
        numbers = (
            self.last_change,
            self.min_days,
            self.max_days,
            self.warn_days,
            self.inactive_days,
            self.expire,
        )
        return ":".join([self.name, pw, *("" if n is None else str(n) for n in numbers), ""])


@collector(
    "shadow",
    "if [ -r /etc/shadow ]; then cat /etc/shadow; else echo UNREADABLE; fi",
    needs_root=True,
)
def parse_shadow(raw: Raw) -> dict[str, ShadowEntry]:
    """Password state and aging of each account from /etc/shadow (hashes kept in memory only)."""
    if raw.stdout.strip() == "UNREADABLE":
        raise FactError("/etc/shadow is missing or unreadable")
    entries = {}
    for line in raw.stdout.splitlines():
        f = line.split(":")
        if len(f) < 8 or not f[0]:
            continue
        entries[f[0]] = ShadowEntry(f[0], f[1], *(_int(x) for x in f[2:8]))
    if not entries:
        raise FactError("/etc/shadow has no entries")
    return entries


@dataclass(frozen=True)
class LoginDefs:
    """Settings of /etc/login.defs and /etc/default/useradd, with their lines for evidence."""

    settings: dict[str, str]
    lines: dict[str, str]
    useradd: dict[str, str]
    present: bool = True

    def number(self, key: str) -> int | None:
        value = self.settings.get(key)
        return _int(value) if value is not None else None

    @property
    def uid_min(self) -> int:
        value = self.number("UID_MIN")
        return 1000 if value is None else value

    def evidence(self, key: str) -> str:
        return self.lines.get(key, f"{key} not set in /etc/login.defs")


@collector("login_defs", "dump_files /etc/login.defs /etc/default/useradd")
def parse_login_defs(raw: Raw) -> LoginDefs:
    """Settings of /etc/login.defs (``KEY value``) and /etc/default/useradd (``KEY=value``)."""
    files = split_files(raw.stdout)
    settings, lines = {}, {}
    defs = files.get("/etc/login.defs")
    for line in defs.lines() if defs else []:
        parts = line.split(None, 1)
        if parts and not parts[0].startswith("#"):
            settings[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
            lines[parts[0]] = "/etc/login.defs: " + " ".join(line.split())
    useradd = {}
    defaults = files.get("/etc/default/useradd")
    for line in defaults.lines() if defaults else []:
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            useradd[key.strip()] = value.strip().strip("\"'")
    return LoginDefs(settings, lines, useradd, defs is not None)
