"""What supervisors review each quarter on a host: accounts and their privileges, authorized SSH
keys, listening services, the package count and the OS release.

A snapshot holds names, fingerprints and numbers only: never a password hash or key material.
It is built from facts the scan gathers anyway and stored with the host, so that two quarters can
be compared (accounts created or removed, new sudo rights, new keys, new listening services).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.facts.accounts import Accounts
from auditor.facts.base import Facts
from auditor.facts.sudoers import SudoRule

# UDP sockets on these ports are the replies of clients (resolvers, NTP), not services: Linux
# hands out its default ephemeral range (net.ipv4.ip_local_port_range) to unbound UDP sockets.
EPHEMERAL_UDP = range(32768, 61000)
SNAPSHOT_FACTS = (
    "os_release",
    "accounts",
    "sudoers",
    "ssh_user_keys",
    "listening_sockets",
    "installed_packages",
)


@dataclass(frozen=True)
class Account:
    """A local account: its ids, whether it can log in, and what makes it privileged."""

    name: str
    uid: int
    shell: str
    login: bool
    sudo: tuple[str, ...] = ()  # granted commands as "(runas) [NOPASSWD: ]command"


@dataclass(frozen=True)
class AuthorizedKey:
    user: str
    type: str
    bits: int | None
    fingerprint: str
    comment: str


@dataclass(frozen=True)
class Service:
    proto: str
    address: str
    port: int
    process: str

    @property
    def key(self) -> str:
        return f"{self.proto} {self.address}:{self.port}"


@dataclass(frozen=True)
class Snapshot:
    """A host as supervisors review it; ``missing`` names the facts that could not be read."""

    os_release: str | None = None
    packages: int | None = None
    accounts: tuple[Account, ...] = ()
    keys: tuple[AuthorizedKey, ...] = ()
    services: tuple[Service, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "os_release": self.os_release,
            "packages": self.packages,
            "accounts": [{**vars(a), "sudo": list(a.sudo)} for a in self.accounts],
            "keys": [dict(vars(k)) for k in self.keys],
            "services": [dict(vars(s)) for s in self.services],
            "missing": dict(self.missing),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        return cls(
            os_release=data.get("os_release"),
            packages=data.get("packages"),
            accounts=tuple(
                Account(**{**a, "sudo": tuple(a.get("sudo", ()))}) for a in data.get("accounts", ())
            ),
            keys=tuple(AuthorizedKey(**k) for k in data.get("keys", ())),
            services=tuple(Service(**s) for s in data.get("services", ())),
            missing=dict(data.get("missing", {})),
        )

    @property
    def uid0(self) -> list[str]:
        return [a.name for a in self.accounts if a.uid == 0]


def _grant(rule: SudoRule) -> str:
    """``(runas) [NOPASSWD: ]command``; ``(same user)`` when only a group is given, as in
    ``(:adm)``, and ``(root)`` when no Runas list is."""
    runas = "root" if rule.runas is None else ", ".join(rule.runas) or "same user"
    nopasswd = "NOPASSWD: " if "NOPASSWD" in rule.tags else ""
    return f"({runas}) {nopasswd}{rule.command}"


def _sudo_rights(facts: Facts, accounts: Accounts | None) -> dict[str, set[str]]:
    """Commands each account may run through sudo, directly, through a group, or as ALL."""
    sudoers = facts.values.get("sudoers")
    rights: dict[str, set[str]] = {}
    if sudoers is None or accounts is None:
        return rights
    names = [u.name for u in accounts.users]
    for rule in sudoers.rules:
        granted: set[str] = set()
        denied: set[str] = set()
        for principal in rule.users:
            target = denied if principal.startswith("!") else granted
            principal = principal.lstrip("!")
            if principal == "ALL":
                target.update(names)
            elif principal.startswith("%"):
                target.update(accounts.members(principal[1:]))
            else:
                target.add(principal)
        for name in granted - denied:
            rights.setdefault(name, set()).add(_grant(rule))
    return rights


def take_snapshot(facts: Facts) -> Snapshot:
    """The snapshot of a host from its facts; a fact that failed is named in ``missing``."""
    values = facts.values
    missing = {n: facts.errors[n] for n in SNAPSHOT_FACTS if n in facts.errors}
    os_release = values.get("os_release")
    packages = values.get("installed_packages")
    accounts = values.get("accounts")
    rights = _sudo_rights(facts, accounts)
    users = accounts.users if accounts is not None else ()
    keys = values.get("ssh_user_keys")
    sockets = values.get("listening_sockets")
    return Snapshot(
        os_release=os_release.pretty_name if os_release else None,
        packages=packages.count if packages else None,
        accounts=tuple(
            Account(
                u.name, u.uid, u.shell, u.has_login_shell, tuple(sorted(rights.get(u.name, ())))
            )
            for u in sorted(users, key=lambda u: u.name)
        ),
        keys=tuple(
            AuthorizedKey(f.user, k.type, k.bits, k.fingerprint, k.comment)
            for f in (keys.authorized if keys else ())
            for k in f.keys
        ),
        services=tuple(
            sorted(
                {
                    Service(s.proto, s.address or "*", s.port, ",".join(s.owners))
                    for s in (sockets.sockets if sockets else ())
                    if not (s.proto == "udp" and s.port in EPHEMERAL_UDP)
                },
                key=lambda s: (s.proto, s.port, s.address),
            )
        ),
        missing=missing,
    )
