"""The firewall in use has a rule for every port the host listens on from the network."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.firewall import Firewall, Ruleset, rulesets_to_judge, tools_in_use
from auditor.facts.listening_sockets import Socket, SocketTable
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.netfilter import port_rule


def socket_families(socket: Socket) -> tuple[str, ...]:
    """The address families a socket receives: ``*`` (dual stack) both."""
    if socket.address in ("*", ""):
        return ("ipv4", "ipv6")
    return ("ipv6",) if ":" in socket.address else ("ipv4",)


def judge(rulesets: list[Ruleset], socket: Socket, family: str) -> tuple[bool, str]:
    """Whether every input chain of the family has a rule for the socket's port, and the rules
    (or the chain that lacks one)."""
    shown = []
    chains = [(r, c, rules) for r in rulesets for c, rules in r.base("input")]
    chains = [(r, c, rules) for r, c, rules in chains if family in c.families]
    if not chains:
        return False, f"no {family} input chain"
    for ruleset, chain, rules in chains:
        rule = port_rule(rules, socket.proto, socket.port, family)
        if rule is None:
            return False, f"{ruleset.origin}: {chain.label}: no rule"
        shown.append(f"{ruleset.origin}: {chain.label}: {rule.text}")
    return True, "; ".join(shown)


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    fw: Firewall = facts["firewall"]
    table: SocketTable = facts["listening_sockets"]
    running = params["check_running_state"]
    in_use = tools_in_use(fw, running)
    tools = [t for t in in_use if t != "firewalld"]
    if not tools:
        if in_use:
            return skipped("firewalld is in use: its zones' services are not judged here")
        return failed("no firewall tool is in use: no listening port has a rule")
    sockets, notes = table.relevant(facts["target"].address)
    sources: list[tuple[str, list[Ruleset]]] = []
    for tool, live, rulesets in rulesets_to_judge(fw, tools, running):
        if rulesets is None:
            notes.append(f"{tool}: the running rules could not be read")
        else:
            sources.append((f"{tool} (running)" if live else tool, rulesets))
    evidence: list[str] = []
    missing: list[Message] = []
    seen = set()
    for socket in sockets:
        for family in socket_families(socket):
            key = (socket.proto, socket.port, family)
            if key in seen:
                continue
            seen.add(key)
            for source, rulesets in sources:
                ok, shown = judge(rulesets, socket, family)
                evidence.append(f"{socket.proto}/{socket.port} {family}: {shown}")
                if not ok:
                    missing.append(
                        Message.of(
                            "{proto}/{port} ({family}, {socket}) in {source}: {why}",
                            proto=socket.proto,
                            port=socket.port,
                            family=family,
                            socket=socket.describe(),
                            source=source,
                            why=shown,
                        )
                    )
    evidence += notes
    if missing:
        return failed(
            "{count} listening port(s) without a firewall rule: {missing}",
            evidence,
            count=len(missing),
            missing=missing,
        )
    if not running:
        return passed(
            "{count} listening port(s), each with a firewall rule "
            "(running rules not judged: check_running_state is off)",
            evidence,
            count=len(seen),
        )
    return passed("{count} listening port(s), each with a firewall rule", evidence, count=len(seen))
