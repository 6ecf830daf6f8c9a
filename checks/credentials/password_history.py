"""Recent passwords cannot be reused (pam_pwhistory or pam_unix remember)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.cred_pam import PamConfig
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

PWHISTORY_CONF = "/etc/security/pwhistory.conf"
PWHISTORY_DEFAULT = 10  # pam_pwhistory(8)


def _remembered(pam: PamConfig, path: str) -> tuple[int, list[str]]:
    """How many old passwords the stack ``path`` refuses, and the lines that say so."""
    best, evidence = 0, []
    conf = pam.conf(PWHISTORY_CONF)
    for rule in pam.rules(path, "password"):
        arg = rule.arg("remember")
        if rule.module == "pam_pwhistory.so":
            evidence.append(rule.evidence())
            if arg is None and "remember" in conf:
                arg = conf["remember"].value
                evidence.append(conf["remember"].where)
            count = int(arg) if arg is not None and arg.isdigit() else PWHISTORY_DEFAULT
        elif rule.module == "pam_unix.so" and arg is not None:
            evidence.append(rule.evidence())
            count = int(arg) if arg.isdigit() else 0
        else:
            continue
        best = max(best, count)
    return best, evidence


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    pam = facts["pam"]
    stacks = pam.stacks("password")
    if not stacks:
        return errored(
            "no shared PAM password stack (common-password, system-auth, password-auth) was found"
        )
    wanted = params["min_remember"]
    problems, evidence = [], []
    for path in stacks:
        count, lines = _remembered(pam, path)
        evidence += [line for line in lines if line not in evidence]
        if count < wanted:
            problems.append(
                Message.of("{path} refuses the last {count}", path=path, count=count)
                if count
                else Message.of("{path} keeps no password history", path=path)
            )
    if problems:
        return failed(
            "fewer than {wanted} old passwords refused: {problems}",
            evidence,
            wanted=wanted,
            problems=problems,
        )
    return passed(
        "the last {wanted} or more passwords cannot be reused ({stacks})",
        evidence,
        wanted=wanted,
        stacks=stacks,
    )
