"""Passwords are hashed with a strong method, in the settings and in /etc/shadow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed

# pam_unix hashing options and the login.defs ENCRYPT_METHOD they correspond to.
PAM_METHODS = {
    "yescrypt": "YESCRYPT",
    "gost_yescrypt": "GOST_YESCRYPT",
    "sha512": "SHA512",
    "sha256": "SHA256",
    "blowfish": "BCRYPT",
    "md5": "MD5",
    "bigcrypt": "DES",
}


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    allowed = [m.upper() for m in params["allowed_methods"]]
    defs, pam = facts["login_defs"], facts["pam"]
    problems: list[Message] = []
    evidence = [defs.evidence("ENCRYPT_METHOD")]
    method = defs.settings.get("ENCRYPT_METHOD", "").upper()
    if method not in allowed:
        problems.append(
            Message.of("login.defs ENCRYPT_METHOD is {method}", method=method)
            if method
            else Message.of("login.defs ENCRYPT_METHOD is not set (DES)")
        )
    for path in pam.stacks("password"):
        for rule in pam.rules(path, "password"):
            if rule.module != "pam_unix.so":
                continue
            evidence.append(rule.evidence())
            for arg in rule.args:
                if arg in PAM_METHODS and PAM_METHODS[arg] not in allowed:
                    problems.append(
                        Message.of(
                            "{path}: pam_unix hashes new passwords with {method}",
                            path=path,
                            method=arg,
                        )
                    )
    weak = []
    for entry in facts["shadow"].values():
        if entry.method and entry.method not in params["allowed_hashes"]:
            weak.append(f"{entry.name} ({entry.method})")
            evidence.append(f"/etc/shadow: {entry.redacted()}")
    if weak:
        problems.append(Message.of("weak password hashes: {accounts}", accounts=weak))
    if problems:
        return failed("weak password hashing: {problems}", evidence, problems=problems)
    return passed(
        "login.defs ENCRYPT_METHOD {method}; pam_unix and the stored hashes use strong methods",
        evidence,
        method=method,
    )
