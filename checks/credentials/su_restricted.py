"""su is limited by pam_wheel to the members of a group that has none (or only approved
administrators), so that root is reached through sudo, where each command is logged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.accounts import Accounts, Group
from auditor.facts.base import Facts
from auditor.facts.pam import PamRule
from auditor.facts.pam_services import PamServices
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed

SU = "/etc/pam.d/su"
BLOCKING = {"required", "requisite"}


def _group(rule: PamRule, accounts: Accounts) -> tuple[str, list[Group]]:
    """The group pam_wheel checks: ``group=``, else ``wheel``, else the group of GID 0."""
    name = rule.arg("group") or "wheel"
    found = [g for g in accounts.groups if g.name == name]
    if not found and not rule.arg("group"):
        found = [g for g in accounts.groups if g.gid == 0]
    return (found[0].name if found else name), found


def _problem(rule: PamRule) -> Message | None:
    if rule.control not in BLOCKING:
        return Message.of("pam_wheel is only {control}", control=rule.control)
    if "deny" in rule.args:
        return Message.of("pam_wheel deny refuses the group's members instead of the others")
    if "use_uid" not in rule.args:
        return Message.of("pam_wheel without use_uid judges the login name, not the caller")
    return None


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    pam: PamServices = facts["pam_services"]
    accounts: Accounts = facts["accounts"]
    if SU not in pam.files:
        return errored("{path} was not found: su would use /etc/pam.d/other", path=SU)
    wheel = [r for r in pam.auth_stack(SU) if r.module == "pam_wheel.so"]
    if not wheel:
        return failed(
            "any account that knows root's password can use su: {path} has no pam_wheel", path=SU
        )
    rule = wheel[0]
    evidence = [rule.evidence()]
    if problem := _problem(rule):
        return failed("su is not limited to a group: {problem}", evidence, problem=problem)
    name, groups = _group(rule, accounts)
    if not groups:
        return failed(
            "su is limited to the group {group}, which does not exist", evidence, group=name
        )
    evidence += [f"/etc/group: {g.name}:x:{g.gid}:{','.join(g.members)}" for g in groups]
    members = [m for m in accounts.members(name) if m != "root"]
    extra = [m for m in members if m not in params["allowed_members"]]
    if extra:
        return failed(
            "su is open to members of {group} not approved: {members}",
            evidence,
            group=name,
            members=extra,
        )
    if members:
        return passed(
            "su is limited to the approved members of {group}: {members}",
            evidence,
            group=name,
            members=members,
        )
    return passed("su is limited to the group {group}, which has no members", evidence, group=name)
