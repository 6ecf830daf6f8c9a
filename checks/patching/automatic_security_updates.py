"""Security updates are installed automatically (unattended-upgrades, dnf-automatic, yum-cron)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileDump
from auditor.facts.pkg_auto_updates import AutoUpdates
from auditor.facts.pkg_sources import parse_ini
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.packages import TRUE_WORDS

_OFF = frozenset({"", "0", "no", "false", "off"})


def _unit_state(auto: AutoUpdates, unit: str) -> str:
    links = {path: target for path, target in auto.units.items() if path.endswith("/" + unit)}
    if any(target == "/dev/null" for target in links.values()):
        return "masked"
    return "enabled" if any(".wants/" in path for path in links) else "not enabled"


def _apt(auto: AutoUpdates) -> tuple[list[Message], list[str]]:
    problems: list[Message] = []
    evidence: list[str] = []
    if "unattended-upgrades" not in auto.packages:
        problems.append(Message.of("unattended-upgrades is not installed"))
    for key in ("APT::Periodic::Update-Package-Lists", "APT::Periodic::Unattended-Upgrade"):
        value = auto.apt_config.get(key, ["(unset)"])[-1]
        evidence.append(f'{key} "{value}"')
        if key not in auto.apt_config:
            problems.append(Message.of("{key} is (unset)", key=key))
        elif value.strip().lower() in _OFF | {"(unset)"}:
            problems.append(Message.of("{key} is {value}", key=key, value=value))
    origins = auto.apt_config.get("Unattended-Upgrade::Origins-Pattern", []) + auto.apt_config.get(
        "Unattended-Upgrade::Allowed-Origins", []
    )
    security = [o for o in origins if "security" in o.lower()]
    evidence += [f"origin {o}" for o in security]
    if "unattended-upgrades" in auto.packages and not security:
        problems.append(
            Message.of("no security origin in Unattended-Upgrade::Origins-Pattern/Allowed-Origins")
        )
    states = {u: _unit_state(auto, u) for u in ("apt-daily.timer", "apt-daily-upgrade.timer")}
    evidence += [f"{u}: {s}" for u, s in states.items()]
    problems += [Message.of("{unit} is masked", unit=u) for u, s in states.items() if s == "masked"]
    if auto.systemd_booted:
        problems += [
            Message.of("{unit} is not enabled", unit=u)
            for u, s in states.items()
            if s == "not enabled"
        ]
    elif not auto.cron_files:
        problems.append(
            Message.of("not booted with systemd and no /etc/cron.daily/apt-compat to run apt")
        )
    else:
        evidence.append(f"not booted with systemd: run daily by {', '.join(auto.cron_files)}")
    return problems, evidence


def _apply_updates(dump: FileDump | None) -> str:
    commands = parse_ini(dump.content).get("commands", {}) if dump else {}
    return commands.get("apply_updates", "no")


def _rpm(auto: AutoUpdates) -> tuple[list[Message], list[str]]:
    evidence: list[str] = []
    options = []
    if "dnf-automatic" in auto.packages:
        dump = auto.files.get("/etc/dnf/automatic.conf")
        apply = _apply_updates(dump)
        install = _unit_state(auto, "dnf-automatic-install.timer")
        timer = _unit_state(auto, "dnf-automatic.timer")
        evidence += [
            f"/etc/dnf/automatic.conf apply_updates = {apply}",
            f"dnf-automatic.timer: {timer}",
            f"dnf-automatic-install.timer: {install}",
        ]
        options.append(install == "enabled" or (timer == "enabled" and apply.lower() in TRUE_WORDS))
    if "yum-cron" in auto.packages:
        dump = auto.files.get("/etc/yum/yum-cron.conf")
        apply = _apply_updates(dump)
        service = _unit_state(auto, "yum-cron.service")
        evidence += [
            f"/etc/yum/yum-cron.conf apply_updates = {apply}",
            f"yum-cron.service: {service}",
        ]
        options.append(service == "enabled" and apply.lower() in TRUE_WORDS)
    if not options:
        return [Message.of("neither dnf-automatic nor yum-cron is installed")], evidence
    if not any(options):
        return [
            Message.of("automatic updates are installed but do not apply updates on a schedule")
        ], evidence
    return [], evidence


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    auto: AutoUpdates = facts["pkg_auto_updates"]
    if auto.manager == "none":
        return skipped("no apt or rpm on the host")
    problems, evidence = _apt(auto) if auto.manager == "apt" else _rpm(auto)
    if problems:
        return failed("automatic security updates are off: {problems}", evidence, problems=problems)
    tool = "unattended-upgrades" if auto.manager == "apt" else "dnf-automatic/yum-cron"
    return passed("security updates are applied automatically by {tool}", evidence, tool=tool)
