"""Core dumps are limited: no dumps of set-uid programs, a hard core limit of 0."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.core_dump_config import CoreDumpConfig
from auditor.facts.sysctl import Sysctl
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sysctl: Sysctl = facts["sysctl"]
    config: CoreDumpConfig = facts["core_dump_config"]
    problems, evidence = sysctl.judge(
        "fs.suid_dumpable", lambda v: v == "0", params["check_running_state"], unset_ok=True
    )
    hard = [limit for limit in config.limits if limit[0] == "*" and limit[1] in {"hard", "-"}]
    evidence += [limit[3] for limit in config.limits]
    if not hard:
        problems.append(Message.of("no '* hard core 0' in /etc/security/limits.conf or limits.d"))
    elif hard[-1][2] != "0":
        problems.append(
            Message.of(
                "the hard core limit for * is {value} ({line})", value=hard[-1][2], line=hard[-1][3]
            )
        )
    if config.systemd_coredump:
        storage = config.coredump.get("Storage", ("external", "Storage not set (external)"))
        evidence.append(storage[1])
        if storage[0] != "none":
            problems.append(
                Message.of("systemd-coredump stores dumps: Storage={storage}", storage=storage[0])
            )
    if problems:
        return failed("core dumps are not restricted: {problems}", evidence, problems=problems)
    return passed("core dumps are restricted", evidence)
