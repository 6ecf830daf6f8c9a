"""Controller-side probes: facts about a host gathered from the auditor's own machine.

Unlike collectors, probes do not run on the host: they look at it from the inspector's side,
like a port scan with nmap. A check names a probe in its ``facts`` like any collector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nmap

from auditor.facts.base import FactError
from auditor.inventory import HostSpec


@dataclass(frozen=True)
class Probe:
    """A named fact gathered on the controller for one host."""

    name: str
    run: Callable[[HostSpec], Any]
    description: str


PROBES: dict[str, Probe] = {}


def probe(name: str) -> Callable[[Callable[[HostSpec], Any]], Callable[[HostSpec], Any]]:
    """Register the decorated function as the probe ``name``."""

    def register(run: Callable[[HostSpec], Any]) -> Callable[[HostSpec], Any]:
        doc = (run.__doc__ or "").strip().splitlines()
        PROBES[name] = Probe(name, run, doc[0] if doc else "")
        return run

    return register


@dataclass(frozen=True)
class OpenPort:
    """A TCP port that accepted a connection from the auditor's machine."""

    port: int
    service: str


# Well-known ports, plus databases, remote desktops (VNC, RDP, TeamViewer, AnyDesk, RustDesk)
# and common web/admin ports above 1024.
NMAP_PORTS = (
    "1-1024,1433,1521,2049,3306,3389,5432,5800-5810,5900-5910,5938,6379,6568,7070,8000,8080,"
    "8443,9200,10000,21115-21119,27017"
)


def open_ports(result: dict[str, Any]) -> tuple[OpenPort, ...]:
    """Open TCP ports from a python-nmap scan result of one target."""
    hosts = result.get("scan", {})
    if not hosts:
        up = result.get("nmap", {}).get("scanstats", {}).get("uphosts")
        if up == "1":  # --open leaves out a host that has no open port
            return ()
        raise FactError("nmap reported the host down or gave no result")
    tcp = next(iter(hosts.values())).get("tcp", {})
    return tuple(
        OpenPort(int(port), info.get("name") or "unknown")
        for port, info in sorted(tcp.items())
        if info.get("state") == "open"
    )


@probe("nmap_tcp")
def nmap_tcp(spec: HostSpec) -> tuple[OpenPort, ...]:
    """TCP ports open on the host's address as the auditor's machine sees them (nmap -sT)."""
    try:
        scanner = nmap.PortScanner()
    except nmap.PortScannerError:
        raise FactError("nmap is not installed on the auditor's machine") from None
    address = "127.0.0.1" if spec.local else spec.address
    seconds = max(10, int(spec.host_timeout))
    try:
        result = scanner.scan(
            hosts=address,
            ports=NMAP_PORTS if spec.local else f"{NMAP_PORTS},{spec.port}",
            arguments=f"-sT -Pn -n --open -T4 --host-timeout {seconds}s",
            timeout=seconds + 10,
        )
    except nmap.PortScannerError as exc:
        raise FactError(f"nmap failed: {str(exc).strip()[:200]}") from None
    except nmap.PortScannerTimeout:
        raise FactError(f"nmap did not finish within {seconds + 10}s") from None
    return open_ports(result)
