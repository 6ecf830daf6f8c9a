"""sudo runs commands on their own terminal, logs them to a file, and asks for the password
again after a short while."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sudoers import Sudoers
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed

DEFAULT_TIMEOUT = 15  # sudo's own default, in minutes


def _effective(sudoers: Sudoers) -> dict[str, tuple[str, str]]:
    """Each setting of the Defaults that apply to everyone, the last one read winning:
    name -> (value, where); a negated flag has the value ``!``."""
    found: dict[str, tuple[str, str]] = {}
    for default in sudoers.defaults:
        if default.scope:
            continue
        for setting in default.settings:
            name, sep, value = setting.partition("=")
            name = name.strip().rstrip("+-")
            if name.startswith("!"):
                found[name[1:].strip()] = ("!", default.evidence())
            else:
                found[name.strip()] = (value.strip().strip('"') if sep else "", default.evidence())
    return found


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sudoers: Sudoers | None = facts["sudoers"]
    if sudoers is None:
        return failed("sudo is not installed: administrators cannot work under their own name")
    settings = _effective(sudoers)
    evidence = [where for _, where in settings.values()]
    problems = []
    if settings.get("use_pty", ("!",))[0] == "!":
        problems.append(Message.of("use_pty is not set (a command can outlive the session)"))
    logfile = settings.get("logfile", ("!",))[0]
    if logfile in ("!", ""):
        problems.append(Message.of("no logfile: sudo's own log of commands is not kept"))
    text = settings.get("timestamp_timeout", (str(DEFAULT_TIMEOUT), ""))[0]
    try:
        timeout = float(text)
    except ValueError:
        timeout = float("inf")
    if timeout < 0 or timeout > params["max_timeout"]:
        problems.append(
            Message.of(
                "timestamp_timeout is {value} (at most {max} minutes allowed; negative never "
                "asks again)",
                value=text,
                max=params["max_timeout"],
            )
        )
    if problems:
        return failed("sudo's settings fall short: {problems}", evidence, problems=problems)
    return passed(
        "sudo uses a terminal of its own, logs to {logfile} and asks again after {timeout} minutes",
        evidence,
        logfile=logfile,
        timeout=text,
    )
