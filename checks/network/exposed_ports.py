"""Only allowed TCP ports answer on the host's address, seen from the inspector's side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    target = facts["target"]
    services = facts["network_scan"].tcp()
    allowed = set(params[f"allowed_ports_{target.role}"])
    if target.port is not None and target.role != "device":
        allowed.add(target.port)
    evidence = [f"{s.label()}{'' if s.port in allowed else '  (not allowed)'}" for s in services]
    unexpected = [s for s in services if s.port not in allowed]
    if unexpected:
        return failed(
            "{count} TCP port(s) open on {address} that the {role} "
            "allow-list does not name: {names}",
            evidence,
            count=len(unexpected),
            address=target.address,
            role=target.role,
            names=[f"{s.port}/{s.name}" for s in unexpected],
        )
    if not services:
        return passed(
            "no TCP port of the scanned range is open on {address}", address=target.address
        )
    return passed(
        "every open TCP port on {address} is allowed: {ports}",
        evidence,
        address=target.address,
        ports=[str(s.port) for s in services],
    )
