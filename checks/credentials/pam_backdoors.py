"""PAM neither accepts any password nor hands the password to a program, and loads only the
module files its packages installed, unchanged and writable by root only."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pam import PamRule
from auditor.facts.pam_services import MODULE_DIRS, PamServices
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

ALWAYS_SUCCEEDS = {"pam_permit.so"}
ENDS_ON_SUCCESS = re.compile(r"sufficient|\[.*\bsuccess=done\b.*\]")


def _accepts_anything(rule: PamRule) -> bool:
    """A module that always succeeds, with a control that then ends the auth stack."""
    return rule.module in ALWAYS_SUCCEEDS and ENDS_ON_SUCCESS.fullmatch(rule.control) is not None


def _problem(rule: PamRule, programs: list[str]) -> Message | None:
    if _accepts_anything(rule):
        return Message.of("accepts any password")
    if rule.module == "pam_exec.so" and "expose_authtok" in rule.args:
        program = next((a for a in rule.args if a.startswith("/")), "")
        if not any(fnmatch.fnmatch(program, p) for p in programs):
            return Message.of("hands the password to {program}", program=program or "a program")
    path = rule.module_path
    if path.startswith("/") and path.rsplit("/", 1)[0] not in MODULE_DIRS:
        return Message.of("loads a module from outside the module directories")
    return None


def _stack_findings(pam: PamServices, params: Mapping[str, Any]) -> list[Message]:
    """Each offending auth line once, with the services whose stack reaches it through an
    include when it is not in their own file."""
    reached: dict[tuple[str, str, str], tuple[Message, list[str]]] = {}
    programs = list(params["approved_programs"])
    for service in pam.services():
        for rule in pam.auth_stack(service):
            problem = _problem(rule, programs)
            if problem:
                key = (problem.render(), rule.file, rule.text)
                _, users = reached.setdefault(key, (problem, []))
                if service != rule.file:
                    users.append(service.rsplit("/", 1)[-1])
    findings = []
    for (_, file, text), (problem, users) in reached.items():
        line = f"{file}: {text}"
        if users:
            findings.append(
                Message.of(
                    "{problem}: {line} (in the auth of {services})",
                    problem=problem,
                    line=line,
                    services=users,
                )
            )
        else:
            findings.append(Message.of("{problem}: {line}", problem=problem, line=line))
    return findings


def _module_findings(pam: PamServices, params: Mapping[str, Any]) -> list[Message]:
    findings = []
    approved = list(params["approved_modules"])
    for module in pam.modules.values():
        shown = module.describe()
        if module.modified:
            findings.append(
                Message.of("changed since its package installed it: {module}", module=shown)
            )
        if module.package is None and not any(fnmatch.fnmatch(module.path, p) for p in approved):
            findings.append(Message.of("module in no package: {module}", module=shown))
        if module.owner != "root" or module.mode & 0o022:
            findings.append(
                Message.of("module writable by others than root: {module}", module=shown)
            )
    return findings


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    pam: PamServices = facts["pam_services"]
    if not pam.services():
        return errored("no PAM service file could be read in /etc/pam.d")
    findings = _stack_findings(pam, params) + _module_findings(pam, params)
    checked = f"{len(pam.services())} PAM services, {len(pam.modules)} module files" + (
        f", verified with {pam.verified_by}" if pam.verified_by else ""
    )
    if findings:
        return failed(
            "PAM has {count} back door(s) or weakness(es): {findings}",
            [*(f.render() for f in findings), checked],
            count=len(findings),
            findings=findings,
        )
    if pam.verified_by is None:
        return passed(
            "no PAM service accepts any password or hands it to a program, and every module "
            "file is packaged and root's ({checked}; module contents not verified: no dpkg "
            "or rpm)",
            [checked],
            checked=checked,
        )
    return passed(
        "no PAM service accepts any password or hands it to a program, and every module file "
        "is packaged, unchanged and root's ({checked})",
        [checked],
        checked=checked,
    )
