"""Scan the addresses of a scan's hosts from the auditor's machine with nmap, in batches.

The hosts are grouped by the ports their role scans and their deadline, and cut into batches of
``batch_size`` addresses; at most ``processes`` nmap processes run at once, in background
threads, while the SSH audits go on. Each run is a TCP connect scan (no privileges needed) with
service and version detection and the scripts of :data:`SCRIPTS`, plus a UDP scan of the UDP
ports when the auditor runs as root (nmap needs raw sockets for it). nmap's XML is read as it
comes: a host's result is ready once nmap has reported its group of hosts (``host_group``), and a
host's audit waits for it only when it judges the checks that read ``network_scan``, and no
longer than its own deadline.

python-nmap finds the nmap binary and its version; the process is run here rather than through
``PortScanner.scan`` so that an interrupted scan can stop it, and its XML is read by
:mod:`auditor.network.nmap_xml`, which keeps the scripts' tables python-nmap flattens."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from dataclasses import dataclass

import nmap

from auditor.inventory import HostSpec
from auditor.network.nmap_xml import HostStream, ScannedHost
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
# scripts loaded), so fewer, larger runs cost less: fleet hosts at 100 ms RTT cost 4.2 ms of CPU
# each in a run of 128 and 3.1 ms in a run of 500 (benchmarks/RESULTS.md). nmap reports its
# hosts a group at a time, so a host waits for its group of HOST_GROUP, not for its whole run.
BATCH_SIZE = 512
HOST_GROUP = 64
STOPPED = "the network scan was stopped"


def nmap_argv(
    addresses: Sequence[str], ports: str, host_timeout: int, host_group: int, udp: bool
) -> list[str]:
    """The nmap command of one run: XML on stdout, connect scan (and UDP), versions, scripts."""
    scripts = ",".join(SCRIPTS + (UDP_SCRIPTS if udp else ()))
    return [
        "nmap", "-oX", "-", "-sT", *(["-sU"] if udp else []), "-sV", "-Pn", "-n", "-T4",
        "--script", scripts, "--host-timeout", f"{host_timeout}s",
        "--max-hostgroup", str(host_group), "-p", ports, "--", *addresses,
    ]  # fmt: skip


class NetworkScanner:
    """The nmap runs of one scan; :meth:`result` gives each host's part."""

    def __init__(
        self,
        specs: Sequence[HostSpec],
        ports_for: Callable[[HostSpec], Ports],
        processes: int = 4,
        batch_size: int = BATCH_SIZE,
        udp: bool | None = None,
        host_group: int = HOST_GROUP,
    ):
        self.udp = os.geteuid() == 0 if udp is None else udp
        self.unusable = find_nmap()
        self.host_group = host_group
        self._pool = ThreadPoolExecutor(max_workers=max(1, processes), thread_name_prefix="nmap")
        self._futures: dict[str, Future[NetworkResult]] = {}
        self._running: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._closed = False
        if self.unusable is None:
            for batch in _batches(specs, ports_for, batch_size):
                futures = {a: Future[NetworkResult]() for a in batch.addresses}
                self._futures.update(futures)
                self._pool.submit(self._run, batch, futures)

    def result(self, spec: HostSpec, timeout: float) -> NetworkResult:
        """The host's view, waiting at most ``timeout`` seconds for nmap to report it."""
        if self.unusable is not None:
            return NetworkResult(None, self.unusable)
        future = self._futures.get(scan_address(spec))
        if future is None:
            return NetworkResult(None, "the host was not in the network scan")
        try:
            return future.result(timeout=max(0.0, timeout))
        except TimeoutError:
            return NetworkResult(None, f"the network scan did not finish within {timeout:.0f}s")

    def close(self) -> None:
        """Stop the nmap processes still running and drop the batches not started."""
        with self._lock:
            self._closed = True
            for process in self._running:
                process.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        for future in self._futures.values():
            _settle(future, NetworkResult(None, STOPPED))

    def _run(self, batch: Batch, futures: dict[str, Future[NetworkResult]]) -> None:
        try:
            self._scan(batch, futures)
        finally:  # whatever happened, no host waits for a result that will not come
            for future in futures.values():
                _settle(future, NetworkResult(None, "nmap gave no result for the address"))

    def _scan(self, batch: Batch, futures: dict[str, Future[NetworkResult]]) -> None:
        """One nmap run: each host's result as soon as nmap reports it, then why the others
        have none."""
        udp = self.udp and bool(batch.ports.udp)
        argv = nmap_argv(
            batch.addresses, batch.ports.nmap(udp), batch.host_timeout, self.host_group, udp
        )
        # stderr to a file: read only at the end, it must never fill a pipe and stall nmap
        with tempfile.TemporaryFile() as err:
            with self._lock:
                if self._closed:
                    return
                try:
                    process = subprocess.Popen(
                        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err
                    )
                except OSError as exc:
                    why = f"nmap could not be started: {exc.strerror or exc}"
                    for future in futures.values():
                        _settle(future, NetworkResult(None, why))
                    return
                self._running.add(process)
            limit = batch.host_timeout + SLACK_SECONDS
            expired = threading.Event()

            def expire() -> None:
                expired.set()
                process.kill()

            deadline = threading.Timer(limit, expire)
            deadline.daemon = True
            deadline.start()
            stream = HostStream(udp, "" if udp or not batch.ports.udp else UDP_NEEDS_ROOT)
            try:
                assert process.stdout is not None
                while data := process.stdout.read1(65536):  # read to the end: nmap never blocks
                    for host in stream.feed(data):
                        _report(host, batch, futures)
            finally:
                process.stdout.close()
                process.wait()
                deadline.cancel()
                with self._lock:
                    self._running.discard(process)
            err.seek(0)
            errors = err.read().decode("utf-8", "replace")
        if self._closed or expired.is_set():
            why = STOPPED if self._closed else f"nmap did not finish within {limit}s"
            for future in futures.values():
                _settle(future, NetworkResult(None, why))
        elif stream.problem is not None or not stream.started():
            first = next((line for line in errors.splitlines() if line.strip()), "")
            why = f"nmap failed: {(first or str(stream.problem or 'no output')).strip()[:200]}"
            for future in futures.values():
                _settle(future, NetworkResult(None, why))
        for address, future in futures.items():
            _settle(future, NetworkResult(None, _why_missing(address, errors)))


def _report(host: ScannedHost, batch: Batch, futures: dict[str, Future[NetworkResult]]) -> None:
    """Give ``host`` to the hosts of the batch it is, by address or by the name nmap resolved."""
    if host.timed_out:
        result = NetworkResult(
            None, f"nmap's host timeout of {batch.host_timeout}s passed", host.xml
        )
    else:
        result = NetworkResult(host.view, "", host.xml)
    for key in {host.address, host.hostname} - {""}:
        if key in futures:
            _settle(futures[key], result)


def _settle(future: Future[NetworkResult], result: NetworkResult) -> None:
    """Set the result unless one is set already (the first word on a host stands)."""
    with contextlib.suppress(InvalidStateError):
        future.set_result(result)


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
        step = max(1, size)
        for start in range(0, len(addresses), step):
            chunk = addresses[start : start + step]
            chosen = tuple(s for s in members if scan_address(s) in set(chunk))
            ssh = Ports(frozenset(s.port for s in chosen if not s.local))
            timeout = int(max(10, min(s.host_timeout for s in chosen)))
            batches.append(Batch(chosen, tuple(chunk), ports | ssh, timeout))
    return batches


def _why_missing(address: str, err: str) -> str:
    for line in err.splitlines():
        if address in line and "resolve" in line.lower():
            return "nmap could not resolve the host name"
    return "nmap gave no result for the address"
