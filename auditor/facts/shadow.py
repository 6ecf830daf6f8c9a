"""The ``shadow`` fact: password state and aging of each account from /etc/shadow (hashes kept in
memory only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from auditor.facts.accounts import optional_int
from auditor.facts.base import FactError, Raw, collector

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

    @cached_property  # read by several checks for every account
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

    @cached_property
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
        entries[f[0]] = ShadowEntry(f[0], f[1], *(optional_int(x) for x in f[2:8]))
    if not entries:
        raise FactError("/etc/shadow has no entries")
    return entries
