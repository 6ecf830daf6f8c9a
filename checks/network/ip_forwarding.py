"""IP forwarding is off on hosts that are not routers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sysctl import Sysctl
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped

KEYS = ("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding")


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    target = facts["target"]
    tags = set(target.tags) & set(params["router_tags"])
    if tags:
        return skipped("the host is tagged {tags}: it may forward packets", tags=sorted(tags))
    sysctl: Sysctl = facts["sysctl"]
    problems: list[Message] = []
    evidence: list[str] = []
    for key in KEYS:
        more, shown = sysctl.judge(key, lambda v: v == "0", params["check_running_state"], True)
        problems += more
        evidence += shown
    if problems:
        return failed("IP forwarding is on: {problems}", evidence, problems=problems)
    if params["check_running_state"]:
        return passed(
            "IP forwarding is off (saved and running configuration; kernel default 0)", evidence
        )
    return passed("IP forwarding is off (saved configuration; kernel default 0)", evidence)
