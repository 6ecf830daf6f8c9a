"""The PAM modules the password policy relies on are installed, each from a package."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pam_services import MODULE_DIRS, PamServices
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    pam: PamServices = facts["pam_services"]
    if not pam.modules:
        return errored("no PAM module file was found in {dirs}", dirs=list(MODULE_DIRS))
    if pam.verified_by is None:
        return errored("neither dpkg nor rpm could tell which packages ship the PAM modules")
    problems, evidence, found = [], [], []
    for name in params["required_modules"]:
        module = pam.modules.get(name)
        if module is None:
            problems.append(Message.of("{module} is not installed", module=name))
            continue
        evidence.append(module.describe())
        if module.package is None:
            problems.append(Message.of("{module} is in no package", module=name))
        else:
            found.append(f"{name} ({module.package})")
    if problems:
        return failed(
            "PAM modules missing or not from a package: {problems}",
            evidence,
            problems=problems,
        )
    return passed(
        "the PAM modules come from installed packages: {modules}", evidence, modules=found
    )
