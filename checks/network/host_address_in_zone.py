"""The host's addresses lie in the network zones approved for its role."""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.ip_addresses import Address
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    target = facts["target"]
    zones = [
        ipaddress.ip_network(n, strict=False) for n in params[f"allowed_networks_{target.role}"]
    ]
    if not zones:
        return skipped(
            "no approved networks configured for a {role} (parameter empty)", role=target.role
        )
    addresses: tuple[Address, ...] = facts["ip_addresses"]
    checked = [
        (
            Message.of(
                "{interface} {address}/{prefix}",
                interface=a.interface,
                address=a.address,
                prefix=a.prefix,
            ),
            a.address,
        )
        for a in addresses
        if a.scope == "global"
        and not any(fnmatch.fnmatch(a.interface, p) for p in params["ignored_interfaces"])
    ]
    try:
        ipaddress.ip_address(target.address)
        label = Message.of("inventory address {address}", address=target.address)
        checked.insert(0, (label, target.address))
    except ValueError:
        pass  # a host name: only the interface addresses are judged

    def inside(text: str) -> bool:
        ip = ipaddress.ip_address(text)
        return any(ip in zone for zone in zones if zone.version == ip.version)

    outside = [label for label, text in checked if not inside(text)]
    labels = [label.render("en") for label, _ in checked]
    allowed = [str(zone) for zone in zones]
    if outside:
        return failed(
            "address(es) outside the approved networks ({allowed}): {outside}",
            labels,
            allowed=allowed,
            outside=outside,
        )
    return passed(
        "{count} address(es), all within {allowed}", labels, count=len(checked), allowed=allowed
    )
