"""Scan the addresses of a scan's hosts from the auditor's machine with nmap, in batches.

The hosts are grouped by the ports their role scans and their deadline, and cut into batches of
``batch_size`` addresses; at most ``processes`` nmap processes run at once, in background
threads, while the SSH audits go on. Each run is a TCP connect scan (no privileges needed) with
service and version detection and the scripts of :data:`SCRIPTS`, plus a UDP scan of the UDP
ports when the auditor runs as root (nmap needs raw sockets for it). A host's audit waits for
its batch only when it judges the checks that read ``network_scan``, and no longer than its own
deadline.

python-nmap finds the nmap binary and its version; the process is run here rather than through
``PortScanner.scan`` so that an interrupted scan can stop it, and its XML is read by
:mod:`auditor.network.nmap_xml`, which keeps the scripts' tables python-nmap flattens."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import nmap

from auditor.inventory import HostSpec
from auditor.network.nmap_xml import NmapXmlError, ScannedHost, read_run, scanned_hosts
from auditor.network.ports import Ports
from auditor.network.services import NetworkView

SCRIPTS = ("ssh2-enum-algos", "ssl-enum-ciphers", "ssl-cert", "vnc-info", "http-title")
UDP_SCRIPTS = ("snmp-info",)
SLACK_SECONDS = 30  # past nmap's own host timeout, before its process is stopped
UDP_NEEDS_ROOT = "UDP ports were not scanned: nmap needs root on the auditor's machine for -sU"


@dataclass(frozen=True)
class NetworkResult:
    """A host's view from the network, or why there is none; ``xml`` is nmap's ``<host>``."""

    view: NetworkView | None
    error: str = ""
    xml: str = ""


def scan_address(spec: HostSpec) -> str:
    """The address nmap scans for a host: the machine's own loopback for a local audit."""
    return "127.0.0.1" if spec.local else spec.address


def find_nmap() -> str | None:
    """Why nmap cannot be used on this machine, or None when it can: python-nmap looks for it
    on ``PATH`` (where it is run from) and checks that it answers with its version."""
    try:
        nmap.PortScanner(nmap_search_path=("nmap",))
    except nmap.PortScannerError:
        return "nmap is not installed on the auditor's machine"
    return None


# Addresses one nmap process scans: each run costs about 0.27 CPU-s to start (its probes and
# scripts loaded), so 200 fleet hosts cost 12.5 ms each in batches of 32 and 6.1 ms in batches
# of 100 (benchmarks/RESULTS.md).
BATCH_SIZE = 128


class NetworkScanner:
    """The nmap runs of one scan; :meth:`result` gives each host's part."""

    def __init__(
        self,
        specs: Sequence[HostSpec],
        ports_for: Callable[[HostSpec], Ports],
        processes: int = 4,
        batch_size: int = BATCH_SIZE,
        udp: bool | None = None,
    ):
        self.udp = os.geteuid() == 0 if udp is None else udp
        self.unusable = find_nmap()
        self._pool = ThreadPoolExecutor(max_workers=max(1, processes), thread_name_prefix="nmap")
        self._futures: dict[str, Future[dict[str, NetworkResult]]] = {}
        self._running: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._closed = False
        if self.unusable is None:
            for batch in _batches(specs, ports_for, batch_size):
                future = self._pool.submit(self._run, batch)
                for spec in batch.specs:
                    self._futures[scan_address(spec)] = future

    def result(self, spec: HostSpec, timeout: float) -> NetworkResult:
        """The host's view, waiting at most ``timeout`` seconds for its batch."""
        if self.unusable is not None:
            return NetworkResult(None, self.unusable)
        address = scan_address(spec)
        future = self._futures.get(address)
        if future is None:
            return NetworkResult(None, "the host was not in the network scan")
        try:
            by_address = future.result(timeout=max(0.0, timeout))
        except TimeoutError:
            return NetworkResult(None, f"the network scan did not finish within {timeout:.0f}s")
        return by_address.get(address, NetworkResult(None, "nmap gave no result for the address"))

    def close(self) -> None:
        """Stop the nmap processes still running and drop the batches not started."""
        with self._lock:
            self._closed = True
            for process in self._running:
                process.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, batch: Batch) -> dict[str, NetworkResult]:
        udp = self.udp and bool(batch.ports.udp)
        scripts = ",".join(SCRIPTS + (UDP_SCRIPTS if udp else ()))
        argv = [
            "nmap", "-oX", "-", "-sT", *(["-sU"] if udp else []), "-sV", "-Pn", "-n", "-T4",
            "--script", scripts, "--host-timeout", f"{batch.host_timeout}s",
            "-p", batch.ports.nmap(udp), "--", *batch.addresses,
        ]  # fmt: skip
        with self._lock:
            if self._closed:
                return {}
            try:
                process = subprocess.Popen(
                    argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
                )
            except OSError as exc:
                why = f"nmap could not be started: {exc.strerror or exc}"
                return {a: NetworkResult(None, why) for a in batch.addresses}
            self._running.add(process)
        try:
            out, err = process.communicate(timeout=batch.host_timeout + SLACK_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            why = f"nmap did not finish within {batch.host_timeout + SLACK_SECONDS}s"
            return {a: NetworkResult(None, why) for a in batch.addresses}
        finally:
            with self._lock:
                self._running.discard(process)
        return _results(batch, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), udp)


@dataclass(frozen=True)
class Batch:
    """Addresses scanned by one nmap process, with the ports and the host timeout they share."""

    specs: tuple[HostSpec, ...]
    addresses: tuple[str, ...]
    ports: Ports
    host_timeout: int


def _batches(
    specs: Sequence[HostSpec], ports_for: Callable[[HostSpec], Ports], size: int
) -> list[Batch]:
    # Hosts share a batch only when they scan the same ports under the same deadline: nmap's
    # host timeout is one per run, and a short one must not cut a slow host of another's.
    groups: dict[tuple[Ports, int], list[HostSpec]] = {}
    for spec in specs:
        groups.setdefault((ports_for(spec), int(spec.host_timeout)), []).append(spec)
    batches = []
    for (ports, _), members in groups.items():
        addresses = list(dict.fromkeys(scan_address(s) for s in members))
        for start in range(0, len(addresses), max(1, size)):
            chunk = set(addresses[start : start + size])
            chosen = tuple(s for s in members if scan_address(s) in chunk)
            ssh = Ports(frozenset(s.port for s in chosen if not s.local))
            timeout = int(max(10, min(s.host_timeout for s in chosen)))
            batches.append(Batch(chosen, tuple(sorted(chunk)), ports | ssh, timeout))
    return batches


def _results(batch: Batch, out: str, err: str, udp: bool) -> dict[str, NetworkResult]:
    """Each address of the batch: its view, or why nmap gave none."""
    udp_error = "" if udp or not batch.ports.udp else UDP_NEEDS_ROOT
    try:
        hosts = scanned_hosts(read_run(out), udp, udp_error)
    except NmapXmlError as exc:
        first = next((line for line in err.splitlines() if line.strip()), str(exc))
        return {
            a: NetworkResult(None, f"nmap failed: {first.strip()[:200]}") for a in batch.addresses
        }
    found: dict[str, ScannedHost] = {}
    for host in hosts:
        found[host.address] = host
        if host.hostname:
            found[host.hostname] = host
    results = {}
    for address in batch.addresses:
        host = found.get(address)
        if host is None:
            why = _why_missing(address, err)
            results[address] = NetworkResult(None, why)
        elif host.timed_out:
            results[address] = NetworkResult(
                None, f"nmap's host timeout of {batch.host_timeout}s passed", host.xml
            )
        else:
            results[address] = NetworkResult(host.view, "", host.xml)
    return results


def _why_missing(address: str, err: str) -> str:
    for line in err.splitlines():
        if address in line and "resolve" in line.lower():
            return "nmap could not resolve the host name"
    return "nmap gave no result for the address"
