"""The firewall in use accepts loopback traffic and drops loopback addresses arriving on other
interfaces (127.0.0.0/8, and ::1 where IPv6 is on)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.firewall import Firewall, Ruleset, rulesets_to_judge, tools_in_use
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.netfilter import denies, loopback_accept, spoof_drop

SPOOFED = {"ipv4": "127.0.0.0/8", "ipv6": "::1"}


def families(fw: Firewall, running: bool) -> tuple[str, ...]:
    """The address families the firewall must filter: IPv6 too, unless the running kernel has
    it off (known only when the running state is judged)."""
    return ("ipv4",) if running and fw.ipv6_disabled else ("ipv4", "ipv6")


def judge(
    tool: str, rulesets: list[Ruleset], wanted: tuple[str, ...]
) -> tuple[list[Message], list[str]]:
    """What is missing from the rulesets of one tool, and the rules that show what is there."""
    problems: list[Message] = []
    evidence: list[str] = []
    for family in wanted:
        covering = [r for r in rulesets if family in r.families]
        if not covering:
            problems.append(Message.of("{tool}: no {family} rules", tool=tool, family=family))
            continue
        for ruleset in covering:
            chains = [(c, rules) for c, rules in ruleset.base("input") if family in c.families]
            if not chains:
                problems.append(
                    Message.of(
                        "{origin}: no {family} input chain", origin=ruleset.origin, family=family
                    )
                )
                continue
            for chain, rules in chains:
                accept = loopback_accept(rules)
                if accept:
                    evidence.append(f"{ruleset.origin}: {chain.label}: {accept.text}")
                elif denies(chain, rules):
                    problems.append(
                        Message.of(
                            "{origin}: {chain} does not accept traffic on lo",
                            origin=ruleset.origin,
                            chain=chain.label,
                        )
                    )
            drops = [(c, spoof_drop(rules, family)) for c, rules in chains]
            shown = [f"{ruleset.origin}: {c.label}: {d.text}" for c, d in drops if d]
            evidence += shown
            if not shown:
                problems.append(
                    Message.of(
                        "{origin}: no rule drops {network} arriving on other interfaces",
                        origin=ruleset.origin,
                        network=SPOOFED[family],
                    )
                )
            for chain, rules in ruleset.base("output"):
                if (
                    family in chain.families
                    and denies(chain, rules)
                    and not loopback_accept(rules, "oif")
                ):
                    problems.append(
                        Message.of(
                            "{origin}: {chain} drops output by default and does not accept "
                            "traffic on lo",
                            origin=ruleset.origin,
                            chain=chain.label,
                        )
                    )
    return problems, list(dict.fromkeys(evidence))


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    fw: Firewall = facts["firewall"]
    running = params["check_running_state"]
    in_use = tools_in_use(fw, running)
    tools = [t for t in in_use if t != "firewalld"]
    if not tools:
        if in_use:
            return skipped("firewalld is in use: its zones handle loopback traffic themselves")
        return failed("no firewall tool is in use: nothing handles loopback traffic")
    wanted = families(fw, running)
    problems: list[Message] = []
    evidence: list[str] = []
    for tool, live, rulesets in rulesets_to_judge(fw, tools, running):
        if rulesets is None:
            evidence.append(f"{tool}: the running rules could not be read")
            continue
        if not rulesets and not live:
            problems.append(Message.of("{tool}: no saved ruleset", tool=tool))
        found, shown = judge(tool, rulesets, wanted)
        problems += found
        evidence += [f"running: {e}" for e in shown] if live else shown
    if problems:
        return failed(
            "loopback traffic is not handled as required: {problems}", evidence, problems=problems
        )
    if not running:
        return passed(
            "{tools} accepts traffic on lo and drops loopback addresses from other interfaces "
            "(running rules not judged: check_running_state is off)",
            evidence,
            tools=tools,
        )
    return passed(
        "{tools} accepts traffic on lo and drops loopback addresses from other interfaces",
        evidence,
        tools=tools,
    )
