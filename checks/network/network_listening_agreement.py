"""What nmap sees of the host agrees with what the host says it listens on: no TCP port open
from the network without a listener the host reports (a forwarded or hidden port), and no
listener on a reachable address that nmap found closed among the ports it scanned."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.listening_sockets import Socket, SocketTable
from auditor.outcome import Outcome, failed, passed, skipped


def _reachable(socket: Socket, addresses: set[str]) -> bool:
    """Whether a TCP listener should answer on the scanned address: bound to it, or to a
    wildcard address on every interface; other loopback listeners never should."""
    if socket.address in addresses:
        return True
    return socket.wildcard and socket.interface != "lo"


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    view = facts["network_scan"]
    table: SocketTable = facts["listening_sockets"]
    addresses = {view.address, facts["target"].address}
    listeners: dict[int, list[Socket]] = {}
    for s in table.sockets:
        if s.proto == "tcp" and _reachable(s, addresses):
            listeners.setdefault(s.port, []).append(s)
    open_ports = {s.port: s for s in view.tcp()}
    audit_port = facts["target"].port
    if (
        audit_port in open_ports
        and table.as_root
        and not any(s.proto == "tcp" and s.port == audit_port for s in table.sockets)
    ):
        return skipped(
            "the audit's SSH port {port} answers on {address} but no socket of the host listens "
            "on it: the address is translated (NAT or port forwarding), so nmap's view cannot be "
            "compared with the host's sockets",
            [f"open from the network: {open_ports[audit_port].label()}"],
            port=audit_port,
            address=view.address,
        )
    unreported = [s for port, s in sorted(open_ports.items()) if port not in listeners]
    unseen = sorted(p for p in listeners if p in view.scanned_tcp and p not in open_ports)
    closed = [p for p in unseen if p not in view.filtered_tcp]
    filtered = [p for p in unseen if p in view.filtered_tcp]
    evidence = [
        f"open from the network, no listener reported by the host: {s.label()}" for s in unreported
    ]
    for kind, ports in (("closed (reset)", closed), ("filtered (firewall)", filtered)):
        evidence += [
            f"listening on the host, {kind} from the network: "
            + ", ".join(s.describe() for s in listeners[p])
            for p in ports
        ]
    outside = sorted(p for p in listeners if view.scanned_tcp and p not in view.scanned_tcp)
    if outside:
        evidence.append(
            f"host listeners on ports nmap did not scan: {', '.join(map(str, outside))}"
        )
    if not view.scanned_tcp:
        evidence.append("nmap's run names no scanned TCP port: host listeners were not compared")
    if table.source == "proc":
        evidence.append("ss is missing: the host's sockets were read from /proc/net")
    if unreported or closed:
        return failed(
            "nmap and the host disagree on {address}: open from the network without a host "
            "listener: {unreported}; host listeners nmap found closed: {closed}",
            evidence,
            address=view.address,
            unreported=[f"{s.port}/{s.name}" for s in unreported] or ["none"],
            closed=[str(p) for p in closed] or ["none"],
        )
    if filtered:
        return passed(
            "every port open on {address} has a host listener; host listener(s) on port(s) "
            "{ports} are filtered from the network (a firewall)",
            evidence,
            address=view.address,
            ports=[str(p) for p in filtered],
        )
    return passed(
        "every port open on {address} has a host listener, and every scanned host listener on "
        "a reachable address is open ({count} port(s))",
        evidence,
        address=view.address,
        count=len(open_ports),
    )
