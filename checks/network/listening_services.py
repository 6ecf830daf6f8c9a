"""Only the services allowed for the host's role listen on the network."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.listening_sockets import SocketTable, matches_any
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def _sshd_ports(sshd: dict[str, list[str]] | None) -> set[int]:
    if not sshd:
        return set()
    ports = {int(p) for p in sshd.get("port", []) if p.isdigit()}
    for address in sshd.get("listenaddress", []):
        port = address.rpartition(":")[2]
        if port.isdigit():
            ports.add(int(port))
    return ports


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    table: SocketTable = facts["listening_sockets"]
    target = facts["target"]
    allowed = list(params[f"allowed_ports_{target.role}"])
    ssh_ports = _sshd_ports(facts["sshd"]) if params["allow_ssh"] else set()
    sockets, notes = table.relevant(target.address)
    ssh = params["allow_ssh"]
    unexpected = [
        s
        for s in sockets
        if not matches_any(allowed, s.proto, s.port)
        and not (ssh and s.proto == "tcp" and (s.port in ssh_ports or "sshd" in s.owners))
    ]
    if allowed:
        shown = Message.of("{ports}", ports=[str(p) for p in allowed])
    else:
        shown = Message.of("none")
    if ssh and ssh_ports:
        shown = Message.of(
            "{allowed}; SSH on {ports}", allowed=shown, ports=[str(p) for p in sorted(ssh_ports)]
        )
    elif ssh:
        shown = Message.of("{allowed}; SSH", allowed=shown)
    if unexpected:
        return failed(
            "{count} listening socket(s) not allowed for a {role} (allowed: {allowed}): {names}",
            [s.describe() for s in unexpected] + notes,
            count=len(unexpected),
            role=target.role,
            allowed=shown,
            names="; ".join(s.describe() for s in unexpected),
        )
    return passed(
        "{count} listening socket(s), all allowed for a {role} ({allowed})",
        [s.describe() for s in sockets] + notes,
        count=len(sockets),
        role=target.role,
        allowed=shown,
    )
