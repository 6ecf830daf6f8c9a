"""Accounts, root included, are locked for a while after a few failed logins (pam_faillock or
pam_tally2)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pam import PamConfig, PamRule, Setting
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

FAILLOCK_CONF = "/etc/security/faillock.conf"
FAILLOCK_DEFAULT_DENY = 3  # faillock.conf(5)
FAILLOCK_DEFAULT_UNLOCK = 600  # faillock.conf(5); pam_tally2 keeps an account locked
TALLY = {"pam_tally2.so", "pam_tally.so"}


class _Options:
    """Options of the lockout lines of one stack: each line's arguments override the
    configuration file (pam_faillock only), and the lines used become evidence."""

    def __init__(self, conf: dict[str, Setting], evidence: list[str]) -> None:
        self.conf, self.evidence = conf, evidence

    def get(self, rule: PamRule, key: str) -> str | None:
        arg = rule.arg(key)
        if arg is None and key in self.conf:
            arg = self.conf[key].value
            if self.conf[key].where not in self.evidence:
                self.evidence.append(self.conf[key].where)
        return arg

    def seconds(self, rule: PamRule, key: str, default: int) -> int:
        """A time in seconds; 0 (or ``never``) keeps the account locked until an administrator
        unlocks it."""
        value = self.get(rule, key)
        if value == "never":
            return 0
        return int(value) if value is not None and value.isdigit() else default


def _deny(rules: list[PamRule], options: _Options, path: str) -> tuple[int, Message | None]:
    """Failures before the lock, or the reason nothing locks."""
    if rules[0].module in TALLY:
        arg = rules[0].arg("deny")
        return (int(arg) if arg is not None and arg.isdigit() else 0), None
    counting = [r for r in rules if r.arg("authfail") is not None]
    if not counting:
        return 0, Message.of(
            "{path}: pam_faillock has no authfail line, so failures are not counted", path=path
        )
    arg = options.get(counting[0], "deny")
    return (int(arg) if arg is not None and arg.isdigit() else FAILLOCK_DEFAULT_DENY), None


def _duration(
    rules: list[PamRule], options: _Options, path: str, params: Mapping[str, Any]
) -> list[Message]:
    """Problems with how long accounts, and root, stay locked (the weakest line counts)."""
    default = 0 if rules[0].module in TALLY else FAILLOCK_DEFAULT_UNLOCK
    problems = []
    unlocks = [options.seconds(r, "unlock_time", default) for r in rules]
    short = min((s for s in unlocks if s), default=0)
    if short and short < params["min_unlock_time"]:
        problems.append(
            Message.of("{path}: locked accounts unlock after {seconds} s", path=path, seconds=short)
        )
    if not params["lock_root"]:
        return problems
    for rule in rules:
        root_unlock = options.get(rule, "root_unlock_time")
        if root_unlock is None and options.get(rule, "even_deny_root") is None:
            problems.append(
                Message.of(
                    "{path}: root is never locked (no even_deny_root or root_unlock_time)",
                    path=path,
                )
            )
            break
        seconds = options.seconds(rule, "root_unlock_time", 0)
        if seconds and seconds < params["min_root_unlock_time"]:
            problems.append(
                Message.of("{path}: root unlocks after {seconds} s", path=path, seconds=seconds)
            )
            break
    return problems


def _judge(pam: PamConfig, path: str, params: Mapping[str, Any]) -> tuple[list[Message], list[str]]:
    """The problems with the auth stack ``path`` and their evidence."""
    rules = pam.rules(path, "auth")
    faillock = [r for r in rules if r.module == "pam_faillock.so"]
    tally = [r for r in rules if r.module in TALLY]
    evidence = [r.evidence() for r in faillock + tally]
    if not faillock and not tally:
        return [Message.of("{path} has no pam_faillock or pam_tally2", path=path)], evidence
    if faillock:
        lines = [
            r for r in faillock if r.arg("preauth") is not None or r.arg("authfail") is not None
        ]
        options = _Options(pam.conf(FAILLOCK_CONF), evidence)
    else:
        lines, options = tally, _Options({}, evidence)
    deny, problem = _deny(lines or faillock, options, path)
    if problem:
        return [problem], evidence
    if deny == 0:
        return [Message.of("{path}: lockout disabled (deny=0 or not set)", path=path)], evidence
    problems = []
    if deny > params["max_failures"]:
        problems.append(
            Message.of("{path}: accounts lock after {deny} failures", path=path, deny=deny)
        )
    return problems + _duration(lines, options, path, params), evidence


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    pam = facts["pam"]
    stacks = pam.stacks("auth")
    if not stacks:
        return errored(
            "no shared PAM auth stack (common-auth, system-auth, password-auth) was found"
        )
    limit, unlock = params["max_failures"], params["min_unlock_time"]
    problems, evidence = [], []
    for path in stacks:
        found, lines = _judge(pam, path, params)
        problems += found
        evidence += [line for line in lines if line not in evidence]
    if problems:
        return failed(
            "no lockout within {limit} failed logins for {unlock} s or more: {problems}",
            evidence,
            limit=limit,
            unlock=unlock,
            problems=problems,
        )
    if params["lock_root"]:
        return passed(
            "accounts, root included, lock after at most {limit} failed logins for {unlock} s "
            "or more ({stacks})",
            evidence,
            limit=limit,
            unlock=unlock,
            stacks=stacks,
        )
    return passed(
        "accounts lock after at most {limit} failed logins for {unlock} s or more ({stacks})",
        evidence,
        limit=limit,
        unlock=unlock,
        stacks=stacks,
    )
