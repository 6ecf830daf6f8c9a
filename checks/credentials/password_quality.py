"""New passwords must meet the length, character-class and other quality rules of
pam_pwquality (or pam_cracklib), and pam_unix must store the password that was checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pam import PamConfig, PamRule, Setting
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

PWQUALITY_CONF = ("/etc/security/pwquality.conf.d/*.conf", "/etc/security/pwquality.conf")
CREDITS = ("dcredit", "ucredit", "lcredit", "ocredit")
# Built-in defaults of each module (pwquality.conf(5), pam_cracklib(8)); pam_cracklib always
# checks the dictionary and has no dictcheck option.
DEFAULTS = {
    "pam_pwquality.so": {
        "minlen": 8, "minclass": 0, "enforcing": 1, "difok": 1, "maxrepeat": 0, "maxsequence": 0,
        "dictcheck": 1, **dict.fromkeys(CREDITS, 0),
    },
    "pam_cracklib.so": {
        "minlen": 9, "minclass": 0, "enforcing": 1, "difok": 5, "maxrepeat": 0, "maxsequence": 0,
        **dict.fromkeys(CREDITS, 1),
    },
}  # fmt: skip
FLAG = "enforce_for_root"


def _settings(pam: PamConfig, rule: PamRule) -> tuple[dict[str, int], bool, list[str]]:
    """Effective numeric settings of the module on ``rule`` (its arguments override the
    configuration files), whether it applies to root, and the file lines used."""
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
    root = rule.arg(FLAG) is not None
    if not root and FLAG in conf:
        root = True
        evidence.append(conf[FLAG].where)
    return values, root, evidence


def _limit(path: str, key: str, value: int, most: int) -> Message | None:
    """A ``maxrepeat``/``maxsequence`` problem: 0 turns the rule off, above ``most`` is weak."""
    if most <= 0 or 0 < value <= most:
        return None
    if value == 0:
        return Message.of("{path}: {key} is not set", path=path, key=key)
    return Message.of(
        "{path}: {key} {value} (at most {most})", path=path, key=key, value=value, most=most
    )


def _rules(
    path: str, rule: PamRule, values: dict[str, int], root: bool, params: Mapping[str, Any]
) -> list[Message]:
    """Problems with everything but length and classes."""
    problems = []
    if values["enforcing"] == 0:
        problems.append(
            Message.of("{path}: {module} enforcing=0 only warns", path=path, module=rule.module)
        )
    if values["difok"] < params["min_difok"]:
        problems.append(
            Message.of(
                "{path}: difok {value} (at least {least})",
                path=path,
                value=values["difok"],
                least=params["min_difok"],
            )
        )
    for key, most in (("maxrepeat", params["max_repeat"]), ("maxsequence", params["max_sequence"])):
        if problem := _limit(path, key, values[key], most):
            problems.append(problem)
    if params["require_dictcheck"] and values.get("dictcheck", 1) == 0:
        problems.append(Message.of("{path}: dictcheck=0 skips the dictionary", path=path))
    if params["require_enforce_for_root"] and not root:
        problems.append(
            Message.of("{path}: {module} lets root set any password", path=path, module=rule.module)
        )
    return problems


def _length(path: str, values: dict[str, int], params: Mapping[str, Any]) -> list[Message]:
    problems = []
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
    return problems


def _unix_unchecked(pam: PamConfig, path: str, after: PamRule) -> list[PamRule]:
    """pam_unix password lines after the quality module that do not store its password."""
    rules = pam.rules(path, "password")
    later = rules[rules.index(after) + 1 :]
    return [r for r in later if r.module == "pam_unix.so" and "use_authtok" not in r.args]


def _judge(pam: PamConfig, path: str, params: Mapping[str, Any]) -> tuple[list[Message], list[str]]:
    rules = [
        r
        for r in pam.rules(path, "password")
        if r.module in {"pam_pwquality.so", "pam_cracklib.so"}
    ]
    if not rules:
        return [Message.of("{path} has no pam_pwquality or pam_cracklib", path=path)], []
    rule = rules[0]
    values, root, evidence = _settings(pam, rule)
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
    problems += _length(path, values, params) + _rules(path, rule, values, root, params)
    for unix in _unix_unchecked(pam, path, rule):
        evidence.append(unix.evidence())
        problems.append(
            Message.of(
                "{path}: pam_unix.so without use_authtok may store a password that was not checked",
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
    problems, evidence = [], []
    for path in stacks:
        found, lines = _judge(pam, path, params)
        problems += found
        evidence += [line for line in lines if line not in evidence]
    if problems:
        return failed(
            "password rules weaker than required ({length} characters of {classes} classes and "
            "the other quality rules): {problems}",
            evidence,
            length=params["min_length"],
            classes=params["min_classes"],
            problems=problems,
        )
    return passed(
        "new passwords need at least {length} characters of {classes} classes and pass the "
        "other quality rules ({stacks})",
        evidence,
        length=params["min_length"],
        classes=params["min_classes"],
        stacks=stacks,
    )
