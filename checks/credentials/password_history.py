"""Recent passwords cannot be reused: pam_pwhistory refuses them, root's included, on the
password the stack checked; pam_unix keeps no history of its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pam import PamConfig
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

PWHISTORY_CONF = "/etc/security/pwhistory.conf"
PWHISTORY_DEFAULT = 10  # pam_pwhistory(8)


def _judge(pam: PamConfig, path: str, params: Mapping[str, Any]) -> tuple[list[Message], list[str]]:
    """The problems with the password stack ``path`` and the lines that show them."""
    rules = pam.rules(path, "password")
    conf = pam.conf(PWHISTORY_CONF)
    problems, evidence = [], []
    for unix in (r for r in rules if r.module == "pam_unix.so" and r.arg("remember") is not None):
        evidence.append(unix.evidence())
        problems.append(
            Message.of(
                "{path}: pam_unix.so remember={count} (the history belongs to pam_pwhistory)",
                path=path,
                count=unix.arg("remember"),
            )
        )
    history = [r for r in rules if r.module == "pam_pwhistory.so"]
    if not history:
        return [Message.of("{path} has no pam_pwhistory", path=path), *problems], evidence
    rule = history[0]
    evidence.insert(0, rule.evidence())
    arg = rule.arg("remember")
    if arg is None and "remember" in conf:
        arg = conf["remember"].value
        evidence.append(conf["remember"].where)
    count = int(arg) if arg is not None and arg.isdigit() else PWHISTORY_DEFAULT
    if count < params["min_remember"]:
        problems.append(
            Message.of("{path} refuses the last {count}", path=path, count=count)
            if count
            else Message.of("{path} keeps no password history", path=path)
        )
    root = rule.arg("enforce_for_root") is not None
    if not root and "enforce_for_root" in conf:
        root = True
        evidence.append(conf["enforce_for_root"].where)
    if params["require_enforce_for_root"] and not root:
        problems.append(Message.of("{path}: root may reuse old passwords", path=path))
    if "use_authtok" not in rule.args:
        problems.append(
            Message.of(
                "{path}: pam_pwhistory.so without use_authtok checks a password of its own",
                path=path,
            )
        )
    return problems, evidence


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
        found, lines = _judge(pam, path, params)
        problems += found
        evidence += [line for line in lines if line not in evidence]
    if problems:
        return failed(
            "the last {wanted} passwords are not refused as required: {problems}",
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
