"""IP forwarding is off on hosts that are not routers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sys_kernel import Sysctl
from auditor.outcome import Outcome, failed, passed, skipped

KEYS = ("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding")


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    target = facts["target"]
    tags = set(target.tags) & set(params["router_tags"])
    if tags:
        return skipped(f"the host is tagged {', '.join(sorted(tags))}: it may forward packets")
    sysctl: Sysctl = facts["sysctl"]
    problems, evidence = [], []
    for key in KEYS:
        more, shown = sysctl.judge(key, lambda v: v == "0", params["check_running_state"], True)
        problems += more
        evidence += shown
    if problems:
        return failed(f"IP forwarding is on: {'; '.join(problems)}", evidence)
    scope = "saved and running" if params["check_running_state"] else "saved"
    return passed(f"IP forwarding is off ({scope} configuration; kernel default 0)", evidence)
