"""The host runs its newest installed kernel and needs no reboot for installed updates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pkg_reboot import RebootStatus
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed
from auditor.parsers.versions import compare_versions, newest


def _flavour(release: str) -> str:
    match = re.search(r"-([a-z][a-z0-9-]*)$", release)
    return match.group(1) if match else ""


def _kernel_reasons(status: RebootStatus, evidence: list[str]) -> list[Message]:
    if not status.kernels:
        where = f"{status.kernel_source} database" if status.kernel_source else "package database"
        evidence.append(
            f"no kernel package in the {where} (shared or container kernel): judged only by "
            "the reboot flag and needs-restarting"
        )
        return []
    current = [k for k in status.kernels if k[1] == status.running]
    if status.kernel_source == "dpkg":
        same = [k for k in status.kernels if _flavour(k[1]) == _flavour(status.running)]
    else:
        names = {k[0] for k in current}
        same = [k for k in status.kernels if not names or k[0] in names]
    same = same or list(status.kernels)
    evidence.append("installed kernels: " + ", ".join(sorted({k[1] for k in same})))
    latest = newest([k[1] for k in same])
    if not current:
        return [
            Message.of(
                "running kernel {running} is no longer installed; newest is {latest}",
                running=status.running,
                latest=latest,
            )
        ]
    if compare_versions(latest, status.running) > 0:
        return [
            Message.of(
                "newer kernel {latest} installed, running {running}",
                latest=latest,
                running=status.running,
            )
        ]
    built = re.search(r"Debian (\S+) \(", status.version)
    package, _, version = current[0]
    if status.kernel_source == "dpkg" and built and built.group(1) != version:
        return [
            Message.of(
                "{package} was upgraded to {version}; the running build is {build}",
                package=package,
                version=version,
                build=built.group(1),
            )
        ]
    return []


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    status: RebootStatus = facts["pkg_reboot"]
    evidence = [f"running kernel {status.running} ({status.version})"]
    reasons = _kernel_reasons(status, evidence)
    if status.flag_file and status.flag_packages:
        reasons.append(
            Message.of(
                "/var/run/reboot-required is present (packages: {packages})",
                packages=list(status.flag_packages),
            )
        )
    elif status.flag_file:
        reasons.append(Message.of("/var/run/reboot-required is present (packages: not listed)"))
    if status.needs_restarting is True:
        reasons.append(Message.of("needs-restarting -r: {text}", text=status.needs_restarting_text))
    elif status.needs_restarting is False:
        evidence.append(f"needs-restarting -r: {status.needs_restarting_text}")
    if reasons:
        return failed(
            "reboot required: {reasons}",
            [*(r.render("en") for r in reasons), *evidence],
            reasons=reasons,
        )
    return passed("no reboot pending; running kernel {running}", evidence, running=status.running)
