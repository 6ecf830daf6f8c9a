"""New passwords must meet the length and character-class rules (pam_pwquality/pam_cracklib)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.cred_pam import PamConfig, PamRule, Setting
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

PWQUALITY_CONF = ("/etc/security/pwquality.conf.d/*.conf", "/etc/security/pwquality.conf")
CREDITS = ("dcredit", "ucredit", "lcredit", "ocredit")
# Built-in defaults of each module (pwquality.conf(5), pam_cracklib(8)).
DEFAULTS = {
    "pam_pwquality.so": {"minlen": 8, "minclass": 0, "enforcing": 1, **dict.fromkeys(CREDITS, 0)},
    "pam_cracklib.so": {"minlen": 9, "minclass": 0, "enforcing": 1, **dict.fromkeys(CREDITS, 1)},
}


def _settings(pam: PamConfig, rule: PamRule) -> tuple[dict[str, int], list[str]]:
    """Effective numeric settings of the module on ``rule`` and where each came from."""
    conf: dict[str, Setting] = (
        pam.conf(*PWQUALITY_CONF) if rule.module == "pam_pwquality.so" else {}
    )
    values, evidence = dict(DEFAULTS[rule.module]), []
    for key in values:
        arg = rule.arg(key)
        if arg is not None and arg.lstrip("-").isdigit():
            values[key] = int(arg)
        elif key in conf and conf[key].value.lstrip("-").isdigit():
            values[key] = int(conf[key].value)
            evidence.append(conf[key].where)
    return values, evidence


def _judge(pam: PamConfig, path: str, params: Mapping[str, Any]) -> tuple[list[Message], list[str]]:
    rules = [
        r
        for r in pam.rules(path, "password")
        if r.module in {"pam_pwquality.so", "pam_cracklib.so"}
    ]
    if not rules:
        return [Message.of("{path} has no pam_pwquality or pam_cracklib", path=path)], []
    rule = rules[0]
    values, evidence = _settings(pam, rule)
    evidence.insert(0, rule.evidence())
    problems = []
    if rule.control in {"optional", "sufficient"}:
        problems.append(
            Message.of(
                "{path}: {module} is only {control}",
                path=path,
                module=rule.module,
                control=rule.control,
            )
        )
    if values["enforcing"] == 0:
        problems.append(
            Message.of("{path}: {module} enforcing=0 only warns", path=path, module=rule.module)
        )
    credit = sum(max(0, values[k]) for k in CREDITS)
    length = values["minlen"] - credit
    if length < params["min_length"]:
        problems.append(
            Message.of(
                "{path}: minimum length {length} (minlen {minlen} less {credit} credits)",
                path=path,
                length=length,
                minlen=values["minlen"],
                credit=credit,
            )
            if credit
            else Message.of("{path}: minimum length {length}", path=path, length=length)
        )
    classes = max(values["minclass"], sum(values[k] < 0 for k in CREDITS))
    if classes < params["min_classes"]:
        problems.append(
            Message.of("{path}: {classes} character classes required", path=path, classes=classes)
        )
    return problems, evidence


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    pam = facts["pam"]
    stacks = pam.stacks("password")
    if not stacks:
        return errored(
            "no shared PAM password stack (common-password, system-auth, password-auth) was found"
        )
    problems, evidence = [], []
    for path in stacks:
        found, lines = _judge(pam, path, params)
        problems += found
        evidence += [line for line in lines if line not in evidence]
    if problems:
        return failed(
            "password rules below {length} characters of {classes} classes: {problems}",
            evidence,
            length=params["min_length"],
            classes=params["min_classes"],
            problems=problems,
        )
    return passed(
        "new passwords need at least {length} characters of {classes} classes ({stacks})",
        evidence,
        length=params["min_length"],
        classes=params["min_classes"],
        stacks=stacks,
    )
