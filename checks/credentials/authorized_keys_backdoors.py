"""Root's and administrators' authorised SSH keys hide no back door: no forced command outside
an approved list, no options that plant an environment, a tunnel or a trusted certificate
authority, no key beyond the approved ones, and no key file or key command sshd reads
besides the usual authorized_keys."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import Accounts
from auditor.facts.base import Facts
from auditor.facts.ssh_user_keys import AuthorizedKeys, PublicKey, UserKeys
from auditor.facts.sudoers import Sudoers
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped


def administrators(accounts: Accounts, sudoers: Sudoers | None, groups: list[str]) -> set[str]:
    """Root, accounts with uid 0, members of the administrator groups and the accounts a sudo
    rule grants anything to (by name, ``#uid``, ``%group``, ``%#gid`` or ``ALL``)."""
    admins = {"root"} | {u.name for u in accounts.users if u.uid == 0}
    for group in groups:
        admins.update(accounts.members(group))
    principals = {p for rule in (sudoers.rules if sudoers else ()) for p in rule.users}
    for principal in principals:
        if principal == "ALL":
            admins.update(u.name for u in accounts.users)
        elif principal.startswith("%#"):
            gids = {g.name for g in accounts.groups if str(g.gid) == principal[2:]}
            for name in gids:
                admins.update(accounts.members(name))
        elif principal.startswith("%"):
            admins.update(accounts.members(principal[1:].strip('"')))
        elif principal.startswith("#"):
            admins.update(u.name for u in accounts.users if str(u.uid) == principal[1:])
        elif principal[:1] not in ("!", "+"):
            admins.add(principal.strip('"'))
    return admins


def expected_files(keys: UserKeys, user: str, patterns: list[str]) -> set[str]:
    """The key files an account is expected to use, from AuthorizedKeysFile-style patterns."""
    home = keys.homes.get(user, "")
    paths = set()
    for pattern in patterns:
        path = pattern.replace("%h", home).replace("%u", user).replace("%%", "%")
        paths.add(posixpath.normpath(path if path.startswith("/") else f"{home}/{path}"))
    return paths


def _fingerprint(text: str) -> str:
    return text if text.startswith("SHA256:") else f"SHA256:{text}"


def key_problems(key: PublicKey, user: str, params: Mapping[str, Any]) -> list[Message]:
    """What hides a back door in one key line of an administrator."""
    problems = []
    for command in key.option("command"):
        if not any(fnmatch.fnmatchcase(command, p) for p in params["allowed_commands"]):
            problems.append(Message.of("forced command {command}", command=command))
    for name in params["forbidden_options"]:
        for value in key.option(name.lower()):
            option = f"{name}={value}" if value else name
            problems.append(Message.of("option {option}", option=option))
    allowed = params["allowed_keys"].get(user)
    if allowed and key.fingerprint not in {_fingerprint(f) for f in allowed}:
        problems.append(Message.of("not among the approved keys of {user}", user=user))
    return problems


def _file_findings(
    keys: UserKeys, files: list[AuthorizedKeys], params: Mapping[str, Any]
) -> list[Message]:
    findings = []
    for f in files:
        usable = [k for k in f.keys if not k.error]
        if usable and f.path not in expected_files(keys, f.user, params["key_files"]):
            findings.append(
                Message.of(
                    "{user}: {count} key(s) in {path}, a file sshd reads besides the usual one",
                    user=f.user,
                    count=len(usable),
                    path=f.path,
                )
            )
        for key in usable:
            for problem in key_problems(key, f.user, params):
                findings.append(
                    Message.of(
                        "{user}: {key} in {path} ({problem})",
                        user=f.user,
                        key=key.describe(),
                        path=f.path,
                        problem=problem,
                    )
                )
    return findings


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server on the host")
    keys: UserKeys = facts["ssh_user_keys"]
    admins = administrators(facts["accounts"], facts["sudoers"], list(params["admin_groups"]))
    files = [f for f in keys.authorized if f.user in admins]
    findings = _file_findings(keys, files, params)
    command = " ".join(sshd.get("authorizedkeyscommand", ["none"]))
    if command.lower() != "none" and not any(
        fnmatch.fnmatchcase(command, p) for p in params["allowed_key_commands"]
    ):
        findings.append(Message.of("sshd asks a program for keys: {command}", command=command))
    evidence = [f"AuthorizedKeysFile {' '.join(sshd.get('authorizedkeysfile', []))}"]
    evidence.append(f"administrators: {', '.join(sorted(admins))}")
    if findings:
        return failed(
            "{count} back door(s) among the administrators' SSH keys: {findings}",
            [*(m.render("en") for m in findings), *evidence],
            count=len(findings),
            findings=findings,
        )
    count = sum(len(f.keys) for f in files)
    return passed(
        "{count} key(s) of {admins} administrator account(s) in {files} file(s), none with a "
        "forced command, hidden option or unusual location",
        evidence,
        count=count,
        admins=len(admins),
        files=len(files),
    )
