"""SSH services reachable from the network offer no weak key-exchange, cipher, MAC or host-key
algorithm, as nmap's ssh2-enum-algos lists them from the inspector's side."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.network.services import Service
from auditor.outcome import Outcome, errored, failed, passed

KINDS = (
    ("kex", "weak_kex"),
    ("host_keys", "weak_host_keys"),
    ("ciphers", "weak_ciphers"),
    ("macs", "weak_macs"),
)


def _unjudged(service: Service) -> str:
    """Why ssh2-enum-algos gave no algorithm lists for an SSH port."""
    output = service.scripts.get("ssh2-enum-algos")
    if output is None:
        return (
            f"{service.label()}: ssh2-enum-algos did not run (skipped: nmap did not take the "
            "port for SSH or its host timeout passed)"
        )
    return f"{service.label()}: ssh2-enum-algos failed: {output.strip()[:200] or 'no output'}"


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    view = facts["network_scan"]
    services = [s for s in view.tcp() if s.name == "ssh" or s.ssh is not None]
    if not services:
        return passed("no SSH service is open on {address}", address=view.address)
    weak: list[Message] = []
    evidence: list[str] = []
    unjudged: list[str] = []
    for service in services:
        algorithms = service.ssh
        if algorithms is None or not any(getattr(algorithms, k) for k, _ in KINDS):
            unjudged.append(_unjudged(service))
            continue
        evidence.append(service.label())
        for kind, param in KINDS:
            offered = getattr(algorithms, kind)
            evidence.append(f"  {kind}: {','.join(offered)}")
            bad = [a for a in offered if any(fnmatch.fnmatch(a, p) for p in params[param])]
            if bad:
                weak.append(
                    Message.of(
                        "port {port} {kind}: {algorithms}",
                        port=service.port,
                        kind=kind,
                        algorithms=bad,
                    )
                )
    evidence += unjudged
    if weak:
        return failed("SSH offers weak algorithms from the network: {weak}", evidence, weak=weak)
    if unjudged:
        return errored(
            "{count} SSH port(s) open on {address} but ssh2-enum-algos listed no algorithm",
            evidence,
            count=len(unjudged),
            address=view.address,
        )
    return passed(
        "SSH on {address} offers no weak key-exchange, host-key, cipher or MAC algorithm "
        "(port(s) {ports})",
        evidence,
        address=view.address,
        ports=[str(s.port) for s in services],
    )
