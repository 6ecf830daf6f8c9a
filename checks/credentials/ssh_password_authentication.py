"""sshd does not accept passwords as a single factor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")

    def value(*keys: str, default: str = "yes") -> tuple[str, str]:
        for key in keys:
            if key in sshd:
                return key, sshd[key][0].lower()
        return keys[0], default

    settings = [
        value("passwordauthentication"),
        value("kbdinteractiveauthentication", "challengeresponseauthentication"),
        value("usepam", default="no"),
        value("authenticationmethods", default="any"),
    ]
    evidence = [f"{k} {v}" for k, v in settings]
    (_, password), (kbd_key, kbd), (_, pam), (_, methods) = settings
    if methods != "any" and all("publickey" in m.split(",") for m in methods.split()):
        return passed(
            "sshd asks for a public key before any password (AuthenticationMethods {methods})",
            evidence,
            methods=methods,
        )
    ways = []
    if password == "yes":
        ways.append(Message.of("PasswordAuthentication yes"))
    if kbd == "yes" and pam == "yes":
        ways.append(Message.of("{key} yes with UsePAM yes", key=kbd_key))
    if ways:
        return failed("sshd accepts passwords: {ways}", evidence, ways=ways)
    return passed("sshd accepts no password logins", evidence)
