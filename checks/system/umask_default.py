"""The default umask is 027 or stricter in login.defs and the system shell start-up files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed
from auditor.parsers.config import strip_comment, where

_UMASK = re.compile(r"(?:^|[\s;])umask\s+(-S\s+)?([0-7]{3,4}|[ugoa=,rwx]+)(?=[\s;]|$)")
_PERMS = {"r": 4, "w": 2, "x": 1}


def mask_of(text: str) -> int | None:
    """The umask value of ``027`` or of a full symbolic ``u=rwx,g=rx,o=``; None otherwise."""
    if text.isdigit():
        return int(text, 8)
    mask, seen = 0, set()
    for part in text.split(","):
        who, sep, perms = part.partition("=")
        if not sep or not who or any(c not in "ugo" for c in who):
            return None
        for w in who:
            allowed = sum(_PERMS.get(c, 0) for c in perms)
            mask |= (7 - allowed) << {"u": 6, "g": 3, "o": 0}[w]
            seen.add(w)
    return mask if seen == {"u", "g", "o"} else None


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    required = int(str(params["umask"]), 8)
    found: list[tuple[int | None, str]] = []
    for path, dump in facts["shell_init"].items():
        # the lines that can set a umask name it: login.defs has hundreds of others
        word = "UMASK" if path == "/etc/login.defs" else "umask"
        for number, line in enumerate(dump.lines(), 1):
            if word not in line:
                continue
            text = strip_comment(line)
            if path == "/etc/login.defs":
                fields = text.split()
                if fields[:1] == ["UMASK"] and len(fields) > 1:
                    found.append((mask_of(fields[1]), where(path, number, line)))
            else:
                found += [
                    (mask_of(m.group(2)), where(path, number, line)) for m in _UMASK.finditer(text)
                ]
    evidence = [w for _, w in found]
    weak = [w for mask, w in found if mask is None or mask & required != required]
    if weak:
        return failed(
            "umask weaker than {umask} (or unreadable): {lines}",
            evidence,
            umask=params["umask"],
            lines="; ".join(weak),
        )
    if not any(w.startswith("/etc/login.defs") for w in evidence):
        return failed(
            "UMASK is not set in /etc/login.defs (required {umask})",
            evidence,
            umask=params["umask"],
        )
    return passed("every default umask is {umask} or stricter", evidence, umask=params["umask"])
