"""No remote-desktop service (RDP, VNC, TeamViewer, AnyDesk, RustDesk, X11) answers on the
host's address when probed from the inspector's side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.listening_sockets import matches_any
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    view = facts["network_scan"]
    names = {n.lower() for n in params["service_names"]}
    found = [
        s
        for s in view.tcp()
        if s.name.lower() in names or matches_any(params["ports"], "tcp", s.port)
    ]
    allowed = [s for s in found if matches_any(params["allowed"], "tcp", s.port)]
    refused = [s for s in found if s not in allowed]
    evidence = [f"{s.label()}{'  (allowed)' if s in allowed else ''}" for s in found]
    if refused:
        return failed(
            "remote-desktop service(s) reachable on {address}: {services}",
            evidence,
            address=view.address,
            services=[f"{s.port}/{s.name}" for s in refused],
        )
    if allowed:
        return passed(
            "the only remote-desktop port(s) open on {address} are allowed: {ports}",
            evidence,
            address=view.address,
            ports=[str(s.port) for s in allowed],
        )
    return passed(
        "no remote-desktop service is open on {address} among the scanned ports",
        address=view.address,
    )
