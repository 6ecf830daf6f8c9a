"""Find the live devices of address ranges that the inventory does not list.

One nmap run per unit (at most :data:`PROCESSES` at once) does nmap's own host discovery (ICMP
and TCP probes as root, TCP connect to 80 and 443 otherwise), then a TCP connect scan of the
discovery ports with light version detection on the hosts found up. A device counts as live when
nmap found it up by a probe it answered, or found an open port on it (loopback answers for every
address, so there only open ports count). Live addresses the inventory does not name are the
unmanaged devices: what an inspector must account for.
"""

from __future__ import annotations

import ipaddress
import socket
import subprocess
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from auditor.errors import UsageError
from auditor.inventory import HostSpec, Inventory
from auditor.network.nmap_xml import NmapXmlError, ScannedHost, read_run, scanned_hosts
from auditor.network.ports import Ports, PortSpecError, parse_ports
from auditor.network.scanner import find_nmap, scan_address
from auditor.network.services import Service

PROCESSES = 2
MAX_ADDRESSES = 65536  # per range: a /16; larger ranges are refused
DISCOVERY_PORTS = (
    "21-23,25,53,80,81,110,139,143,161,443,445,515,554,631,1433,1521,2222,3306,3389,5432,"
    "5900-5903,8000,8080,8081,8443,9100,10000"
)


@dataclass(frozen=True)
class Target:
    """An address range to search, and the unit it belongs to (None: given on the command
    line without a unit)."""

    unit_id: str | None
    network: str


@dataclass(frozen=True)
class Device:
    """A live address: whether the inventory names it, what nmap saw, its ``<host>`` XML."""

    address: str
    unit_id: str | None
    managed: bool
    hostname: str
    services: tuple[Service, ...]
    xml: str

    def summary(self) -> str:
        """``open: 23/tcp telnet, 80/tcp http (lighttpd 1.4)``: for findings and fragments."""
        if not self.services:
            return "answered host discovery; no open port found"
        return "open: " + ", ".join(s.label() for s in self.services)


@dataclass(frozen=True)
class Discovery:
    """The live devices of the targets (managed and not), and the runs that failed."""

    targets: tuple[Target, ...]
    devices: tuple[Device, ...]
    errors: tuple[str, ...] = ()

    def unmanaged(self) -> list[Device]:
        return [d for d in self.devices if not d.managed]


def plan(given: Sequence[str], unit_id: str | None, inventory: Inventory | None) -> list[Target]:
    """The ranges to search: those given (in ``unit_id``), else every unit's ``networks``."""
    known_units = {u.id for u in inventory.units()} if inventory else set()
    if inventory is not None and unit_id is not None and unit_id not in known_units:
        raise UsageError("unit {unit!r} is not in the inventory", unit=unit_id)
    if given:
        return check_targets(Target(unit_id, t) for t in given)
    if inventory is None:
        raise UsageError("name the ranges to search, or an inventory whose units list networks")
    found = check_targets(Target(u, n) for u, n in inventory.networks())
    if not found:
        raise UsageError(
            "no unit of {path} lists networks: add 'networks: [10.1.2.0/24]' to the units, "
            "or name the ranges to search",
            path=inventory.path,
        )
    return found


def discovery_ports(spec: str) -> Ports:
    """The ports to look for, from ``--ports``."""
    try:
        return parse_ports(spec)
    except PortSpecError as exc:
        raise UsageError("--ports: {problem}", problem=str(exc)) from None


def check_targets(targets: Iterable[Target]) -> list[Target]:
    """The targets, each a valid range no larger than :data:`MAX_ADDRESSES`."""
    checked = []
    for t in targets:
        try:
            network = ipaddress.ip_network(t.network, strict=False)
        except ValueError:
            raise UsageError(
                "{target!r} is not an address or range such as 10.1.2.0/24", target=t.network
            ) from None
        if network.num_addresses > MAX_ADDRESSES:
            raise UsageError(
                "{target} holds {count} addresses; search at most {most} (a /16) at a time",
                target=t.network,
                count=network.num_addresses,
                most=MAX_ADDRESSES,
            )
        checked.append(Target(t.unit_id, str(network)))
    return checked


def known_addresses(hosts: Sequence[HostSpec]) -> set[str]:
    """The addresses of the inventory's hosts (names resolved, as nmap would resolve them)."""
    known = set()
    for spec in hosts:
        address = scan_address(spec)
        try:
            known.add(str(ipaddress.ip_address(address)))
        except ValueError:
            try:
                known |= {str(info[4][0]) for info in socket.getaddrinfo(address, None)}
            except socket.gaierror:
                continue
    return known


def discover(
    targets: Sequence[Target], ports: Ports, known: set[str], timeout: float = 900
) -> Discovery:
    """Run host discovery and a port scan over ``targets``; ``known``: the inventory's
    addresses. Raises :class:`UsageError` when nmap is not installed."""
    unusable = find_nmap()
    if unusable:
        raise UsageError("{problem}: 'auditor discover' needs it", problem=unusable)
    by_unit: dict[str | None, list[str]] = {}
    for t in targets:
        by_unit.setdefault(t.unit_id, []).append(t.network)
    with ThreadPoolExecutor(max_workers=PROCESSES, thread_name_prefix="discover") as pool:
        runs = {
            unit: pool.submit(_run, networks, ports, timeout) for unit, networks in by_unit.items()
        }
    devices: dict[str, Device] = {}
    errors = []
    for unit, future in runs.items():
        hosts, error = future.result()
        if error:
            errors.append(error)
        for host in hosts:
            if _live(host) and host.address not in devices:
                devices[host.address] = Device(
                    host.address, unit, host.address in known, host.hostname,
                    host.view.services, host.xml,
                )  # fmt: skip
    ordered = sorted(devices.values(), key=lambda d: ipaddress.ip_address(d.address))
    return Discovery(tuple(targets), tuple(ordered), tuple(errors))


def _live(host: ScannedHost) -> bool:
    if not host.up:
        return False
    return bool(host.view.services) or host.reason not in ("localhost-response", "user-set")


def _run(networks: list[str], ports: Ports, timeout: float) -> tuple[list[ScannedHost], str]:
    argv = [
        "nmap", "-oX", "-", "-sT", "-sV", "--version-light", "-n", "-T4",
        "-p", ports.nmap(udp=False), "--", *networks,
    ]  # fmt: skip
    try:
        done = subprocess.run(
            argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False
        )
    except OSError as exc:
        return [], f"nmap could not be started: {exc.strerror or exc}"
    except subprocess.TimeoutExpired:
        return [], f"nmap did not finish {', '.join(networks)} within {timeout:.0f}s"
    try:
        return scanned_hosts(read_run(done.stdout.decode("utf-8", "replace"))), ""
    except NmapXmlError:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return [], f"nmap failed on {', '.join(networks)}: {(err or ['no output'])[0][:200]}"
