"""Accounts are locked after a few failed logins (pam_faillock or pam_tally2)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.cred_pam import PamConfig
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

FAILLOCK_CONF = "/etc/security/faillock.conf"
FAILLOCK_DEFAULT_DENY = 3  # faillock.conf(5)


def _judge(pam: PamConfig, path: str, limit: int) -> tuple[Message | None, list[str]]:
    """The problem with the auth stack ``path`` (None if none) and its evidence."""
    rules = pam.rules(path, "auth")
    faillock = [r for r in rules if r.module == "pam_faillock.so"]
    tally = [r for r in rules if r.module in {"pam_tally2.so", "pam_tally.so"}]
    evidence = [r.evidence() for r in faillock + tally]
    if faillock:
        counting = [r for r in faillock if r.arg("authfail") is not None]
        if not counting:
            return (
                Message.of(
                    "{path}: pam_faillock has no authfail line, so failures are not counted",
                    path=path,
                ),
                evidence,
            )
        conf = pam.conf(FAILLOCK_CONF)
        arg = counting[0].arg("deny")
        if arg is None and "deny" in conf:
            arg = conf["deny"].value
            evidence.append(conf["deny"].where)
        deny = int(arg) if arg is not None and arg.isdigit() else FAILLOCK_DEFAULT_DENY
        if "unlock_time" in conf:
            evidence.append(conf["unlock_time"].where)
    elif tally:
        arg = tally[0].arg("deny")
        deny = int(arg) if arg is not None and arg.isdigit() else 0
    else:
        return Message.of("{path} has no pam_faillock or pam_tally2", path=path), evidence
    if deny == 0:
        return Message.of("{path}: lockout disabled (deny=0 or not set)", path=path), evidence
    if deny > limit:
        return Message.of(
            "{path}: accounts lock after {deny} failures", path=path, deny=deny
        ), evidence
    return None, evidence


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    pam = facts["pam"]
    stacks = pam.stacks("auth")
    if not stacks:
        return errored(
            "no shared PAM auth stack (common-auth, system-auth, password-auth) was found"
        )
    limit = params["max_failures"]
    problems, evidence = [], []
    for path in stacks:
        problem, lines = _judge(pam, path, limit)
        problems += [problem] if problem else []
        evidence += [line for line in lines if line not in evidence]
    if problems:
        return failed(
            "no lockout within {limit} failed logins: {problems}",
            evidence,
            limit=limit,
            problems=problems,
        )
    return passed(
        "accounts lock after at most {limit} failed logins ({stacks})",
        evidence,
        limit=limit,
        stacks=stacks,
    )
