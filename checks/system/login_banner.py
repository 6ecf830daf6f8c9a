"""A legal-warning banner is shown before SSH login, and no banner reveals the system."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.login_banners import Banners
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped


def _leaks(text: str, patterns: list[str], os_names: list[str]) -> list[str]:
    found = [m.group(0) for p in patterns for m in [re.search(p, text, re.I)] if m]
    found += [n for n in os_names if n.lower() in text.lower()]
    return list(dict.fromkeys(found))


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    banners: Banners = facts["login_banners"]
    if sshd is None:
        return skipped("no SSH server installed")
    release = facts["os_release"]
    os_names = [n for n in (release.pretty_name, release.id) if len(n) > 2]
    banner = sshd.get("banner", ["none"])[0]
    evidence = [f"sshd banner {banner}"]
    problems: list[Message] = []
    if banner == "none":
        problems.append(Message.of("sshd shows no Banner"))
    elif banner not in banners.files or not banners.files[banner].content.strip():
        problems.append(Message.of("sshd Banner {banner} is missing or empty", banner=banner))
    for path in dict.fromkeys([*params["files"], *([banner] if banner != "none" else [])]):
        dump = banners.files.get(path)
        if dump is None:
            continue
        leaks = _leaks(dump.content, params["forbidden_patterns"], os_names)
        first = next((x.strip() for x in dump.lines() if x.strip()), "(empty)")
        evidence.append(f"{path}: {first}")
        if leaks:
            problems.append(
                Message.of("{path} reveals the system: {leaks}", path=path, leaks=leaks)
            )
    if problems:
        return failed("{problems}", evidence, problems=problems)
    return passed(
        "sshd shows the banner {banner}; no banner reveals the system", evidence, banner=banner
    )
