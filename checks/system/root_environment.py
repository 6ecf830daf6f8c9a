"""root's login shell has a safe PATH (absolute root-owned directories nobody else can write)
and a umask of 027 or stricter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.root_shell import RootShell
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped


def _path_problems(shell: RootShell) -> list[Message]:
    found: list[Message] = []
    dirs = shell.dirs or {}
    for entry in (shell.path or "").split(":"):
        if entry == "":
            found.append(Message.of("PATH has an empty entry (the current directory)"))
        elif not entry.startswith("/"):
            found.append(Message.of("PATH has the relative entry {entry}", entry=entry))
        elif entry in shell.missing:
            found.append(Message.of("PATH entry {entry} does not exist", entry=entry))
        elif (d := dirs.get(entry)) is None:
            continue
        elif d.kind != "d":
            found.append(Message.of("PATH entry {entry} is not a directory", entry=entry))
        elif d.owner != "root":
            found.append(
                Message.of("PATH entry {entry} owned by {owner}", entry=entry, owner=d.owner)
            )
        elif d.mode & 0o022:
            found.append(
                Message.of(
                    "PATH entry {entry} mode {mode} writable by group or others",
                    entry=entry,
                    mode=f"{d.mode:04o}",
                )
            )
    return found


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    shell: RootShell = facts["root_shell"]
    if not shell.ran:
        return skipped(
            "root's shell {shell} is not a login shell: root cannot log in",
            shell=shell.shell or "(none)",
        )
    required = int(str(params["umask"]), 8)
    problems = _path_problems(shell)
    umask = "unknown" if shell.umask is None else f"{shell.umask:04o}"
    if shell.umask is None or shell.umask & required != required:
        problems.append(
            Message.of(
                "root's umask is {umask} (required {required} or stricter)",
                umask=umask,
                required=params["umask"],
            )
        )
    evidence = [
        f"{shell.shell} -l (as root, started with umask {shell.start_umask:04o}): "
        f"PATH={shell.path} umask {umask}",
        *(d.describe() for d in (shell.dirs or {}).values()),
    ]
    if problems:
        return failed("root's login environment is unsafe: {problems}", evidence, problems=problems)
    return passed(
        "root's PATH has only root-owned directories nobody else can write; its umask is {umask}",
        evidence,
        umask=umask,
    )
