"""Removable media are not mounted automatically on terminals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.automount import Automount
from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    auto: Automount = facts["automount"]
    evidence = [f"{unit}.service {state}" for unit, state in auto.units.items()]
    evidence += [f"running: {p}" for p in auto.processes]
    problems: list[Message] = []
    if auto.units.get("autofs") == "enabled":
        problems.append(Message.of("autofs.service is enabled at boot"))
    problems += [
        Message.of("automounter {name} is running", name=p)
        for p in auto.processes
        if p in params["automounters"]
    ]
    if auto.gnome:
        off = auto.gnome_automount_off()
        evidence += off
        if not off:
            problems.append(
                Message.of(
                    "GNOME is installed and its system settings do not set "
                    "org.gnome.desktop.media-handling automount=false"
                )
            )
    if problems:
        return failed(
            "removable media may be mounted automatically: {problems}", evidence, problems=problems
        )
    if auto.gnome:
        return passed("no automounter enabled or running; GNOME automount off", evidence)
    return passed("no automounter enabled or running; no GNOME desktop", evidence)
