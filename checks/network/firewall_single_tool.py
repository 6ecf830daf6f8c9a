"""Exactly one host firewall tool is in use, with its packages, and no other beside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.firewall import Firewall, tools_in_use
from auditor.outcome import Outcome, failed, passed

# Packages each tool needs (Debian's names, then RHEL's), and those that must not be beside it.
NEEDED = {
    "nftables": (("nftables",),),
    "ufw": (("ufw",),),
    "iptables": (("iptables",), ("iptables-persistent", "iptables-services",
                                 "iptables-nft-services")),
    "firewalld": (("firewalld",),),
}  # fmt: skip
CONFLICTING = {"ufw": ("iptables-persistent",)}


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    fw: Firewall = facts["firewall"]
    running = params["check_running_state"]
    tools = tools_in_use(fw, running)
    evidence = [f"{tool}: {why.render('en')}" for tool, why in tools.items()]
    if fw.packages is not None:
        evidence.append(f"firewall packages installed: {', '.join(sorted(fw.packages)) or 'none'}")
    if not tools:
        return failed("no firewall tool is in use (nftables, iptables, ufw or firewalld)", evidence)
    if len(tools) > 1:
        return failed(
            "{count} firewall tools are in use at once: {tools}",
            evidence,
            count=len(tools),
            tools=list(tools),
        )
    (tool,) = tools
    if fw.packages is None:
        return passed(
            "{tool} is the only firewall tool in use (installed packages could not be read)",
            evidence,
            tool=tool,
        )
    missing = [names[0] for names in NEEDED[tool] if not fw.packages & set(names)]
    if missing:
        return failed(
            "{tool} is in use but its packages are not installed: {missing}",
            evidence,
            tool=tool,
            missing=missing,
        )
    conflicting = [p for p in CONFLICTING.get(tool, ()) if p in fw.packages]
    if conflicting:
        return failed(
            "{tool} is in use with {packages} installed beside it",
            evidence,
            tool=tool,
            packages=conflicting,
        )
    if not running:
        return passed(
            "{tool} is the only firewall tool in use, with its packages installed "
            "(running services not judged: check_running_state is off)",
            evidence,
            tool=tool,
        )
    return passed(
        "{tool} is the only firewall tool in use, with its packages installed", evidence, tool=tool
    )
