"""When nftables is the firewall: the ruleset loaded at boot has a table with input, forward
and output base chains, and (judged live) it is the ruleset that runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.firewall import (
    Firewall,
    live_rulesets,
    nft_boot_text,
    saved_rulesets,
    tools_in_use,
)
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.netfilter import Chain

HOOKS = ("input", "forward", "output")


def _missing_hooks(chains: list[Chain]) -> list[str]:
    return [h for h in HOOKS if not any(c.hook == h and c.type == "filter" for c in chains)]


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    fw: Firewall = facts["firewall"]
    running = params["check_running_state"]
    tools = tools_in_use(fw, running)
    if "nftables" not in tools:
        return skipped("nftables is not the firewall in use ({tools})", tools=list(tools) or "none")
    main, _, unread = nft_boot_text(fw)
    chains = [c for r in saved_rulesets(fw, "nftables") for c in r.chains]
    base = [c for c in chains if c.hook]
    evidence = [f"{main}: {c.label}: hook {c.hook}, policy {c.policy or 'accept'}" for c in base]
    evidence += [f'{main}: include "{p}" matches no file read' for p in unread]
    problems: list[Message] = []
    if fw.units.get("nftables") != "enabled":
        problems.append(Message.of("nftables.service is not enabled: no ruleset is loaded at boot"))
    if not main:
        problems.append(Message.of("no /etc/nftables.conf"))
    elif not chains:
        problems.append(Message.of("{path} defines no table with chains", path=main))
    missing = _missing_hooks(chains)
    if main and missing:
        problems.append(
            Message.of("{path}: no filter base chain on {hooks}", path=main, hooks=missing)
        )
    if running:
        live = live_rulesets(fw, "nftables")
        if live is None:
            evidence.append("the running ruleset could not be read")
        else:
            running_chains = live[0].chains
            loaded = {(c.label, c.hook, c.policy or "accept") for c in running_chains}
            absent = [
                c.label for c in base if (c.label, c.hook, c.policy or "accept") not in loaded
            ]
            if absent:
                problems.append(
                    Message.of(
                        "base chains saved in {path} are not running as saved: {chains}",
                        path=main,
                        chains=absent,
                    )
                )
            else:
                evidence.append(f"running: {len(base)} saved base chain(s) loaded as saved")
    if problems:
        return failed("the nftables ruleset is incomplete: {problems}", evidence, problems=problems)
    if not running:
        return passed(
            "{path} is loaded at boot and has input, forward and output base chains "
            "(running rules not judged: check_running_state is off)",
            evidence,
            path=main,
        )
    return passed(
        "{path} is loaded at boot, has input, forward and output base chains, and runs as saved",
        evidence,
        path=main,
    )
