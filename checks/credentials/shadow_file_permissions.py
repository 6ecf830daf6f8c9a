"""The account databases, /etc/shells and the old-password store are owned by root and not
writable (shadow, opasswd: not readable) by others."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed
from auditor.parsers.files import root_file_problems

SECRET = ("/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-")
PUBLIC = ("/etc/passwd", "/etc/group", "/etc/passwd-", "/etc/group-", "/etc/shells")
HISTORY = ("/etc/security/opasswd", "/etc/security/opasswd.old")  # pam_pwhistory's old hashes


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    files = facts["accounts"].files
    if "/etc/shadow" not in files and "/etc/passwd" not in files:
        return errored("the modes of /etc/passwd and /etc/shadow could not be read")
    rules = [(p, int(params["shadow_mode"], 8), params["shadow_groups"]) for p in SECRET]
    rules += [(p, int(params["passwd_mode"], 8), ["root"]) for p in PUBLIC]
    rules += [(p, int(params["opasswd_mode"], 8), ["root"]) for p in HISTORY]
    problems: list[Message] = []
    evidence = []
    for path, most, groups in rules:
        f = files.get(path)
        if f is None:
            continue
        evidence.append(f.line())
        problems += root_file_problems(f, most, groups)
    if problems:
        return failed("account files too open: {problems}", evidence, problems=problems)
    return passed("account files have safe owners and modes", evidence)
