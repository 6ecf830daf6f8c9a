"""A lab: a run directory with a client key pair, known_hosts and a set of booted hosts."""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from tests.lab import build, keys, net, procs
from tests.lab.config import ADDRESS_PREFIX, PORT, RUN_ROOT, VM_PARALLEL
from tests.lab.host import Host, recorded_address
from tests.lab.locking import file_lock
from tests.lab.ntp import TimeServer
from tests.lab.scenarios import Scenario
from tests.lab.sweep import remove_lab
from tests.lab.vm_host import VmHost


class LabError(RuntimeError):
    """Hosts could not be brought up; the message carries their boot logs."""


class Lab:
    """Hosts sharing a run directory ``RUN_ROOT/<id>``, one client key and one known_hosts."""

    def __init__(self, lab_id: str | None = None, *, persistent: bool = False) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.id = lab_id or f"{stamp}-{os.getpid()}-{secrets.token_hex(2)}"
        self.persistent = persistent
        self.run_dir = RUN_ROOT / self.id
        self.key_path = self.run_dir / "id_ed25519"
        self.known_hosts_path = self.run_dir / "known_hosts"
        self.hosts: dict[str, Host] = {}
        self.failures: dict[str, str] = {}
        self.timeserver = TimeServer(self.run_dir)

    def open(self) -> Lab:
        """Create the run directory and the client key pair."""
        RUN_ROOT.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.run_dir.mkdir(mode=0o700)
        owner = os.getpid()
        info = {
            "owner": owner,
            "owner_start": procs.start_time(owner),
            "persistent": self.persistent,
        }
        (self.run_dir / "lab.json").write_text(json.dumps(info) + "\n")
        keys.generate(self.key_path, "ed25519", f"auditor-lab-{self.id}")
        self.known_hosts_path.write_text("")
        return self

    def close(self) -> None:
        """Kill every host and delete the run directory."""
        for host in self.hosts.values():
            host.stop()
        self.hosts.clear()
        self.timeserver.stop()
        if self.run_dir.exists():
            remove_lab(self.run_dir)

    def __enter__(self) -> Lab:
        return self.open()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def up(
        self,
        scenarios: Iterable[Scenario],
        timeout: float | None = None,
        *,
        keep_going: bool = False,
    ) -> list[Host]:
        """Boot the hosts of ``scenarios`` not yet up; the requested hosts that run.

        Namespace hosts boot first, in parallel, then the virtual machines, ``VM_PARALLEL`` at
        a time: emulated guests booting together starve each other (and the namespace hosts)
        of CPU. Must run in the main thread (see :meth:`Host.start`). A host that does not
        accept SSH connections within ``timeout`` seconds (default: its kind's
        ``boot_timeout``) is stopped and its boot log kept in ``failures``; then
        :class:`LabError` is raised, unless ``keep_going``.
        """
        wanted = list(scenarios)
        new = [s for s in wanted if s.name not in self.hosts]
        if new:
            lowers = build.ensure_all({s.release for s in new if s.machine == "namespace"})
            if any(s.machine == "vm" for s in new):
                lowers["vm"] = build.ensure_vm()
            self.timeserver.ensure(persistent=self.persistent)
            hosts = self._reserve(new, lowers)
            public = Path(f"{self.key_path}.pub").read_text()
            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(lambda h: h.prepare(public), hosts))
            failed = []
            for group in _boot_order(hosts):
                for host in group:
                    self.hosts[host.name] = host
                    host.start(persistent=self.persistent)
                failed += self._wait(group, timeout)
            self._write_known_hosts()
            if failed and not keep_going:
                report = "\n".join(self.failures[name] for name in failed)
                raise LabError(f"{len(failed)} lab host(s) failed to boot\n{report}")
        return [self.hosts[s.name] for s in wanted if s.name in self.hosts]

    def _reserve(self, scenarios: list[Scenario], lowers: dict[str, Path]) -> list[Host]:
        with file_lock(RUN_ROOT / ".address.lock"):
            taken = {recorded_address(d) for d in RUN_ROOT.glob("*/*") if d.is_dir()}
            bound = net.listeners()
            free = (
                a for a in _addresses() if a not in taken and not net.port_taken(a, PORT, bound)
            )
            hosts = []
            for scenario in scenarios:
                address = next(free, None)
                if address is None:
                    raise LabError("no free 127.0.10.N address left")
                vm = scenario.machine == "vm"
                host = (VmHost if vm else Host)(
                    scenario,
                    address,
                    self.run_dir / scenario.name,
                    lowers["vm" if vm else scenario.release],
                    self.key_path,
                    self.known_hosts_path,
                )
                host.reserve()
                hosts.append(host)
        return hosts

    def _wait(self, hosts: list[Host], timeout: float | None) -> list[str]:
        """Wait for the hosts' SSH ports; stop and record those that fail; their names."""
        if not hosts:
            return []
        timeout = timeout or max(host.boot_timeout for host in hosts)
        deadline = time.monotonic() + timeout
        pending = list(hosts)
        failed: list[tuple[Host, str]] = []
        while pending and time.monotonic() < deadline:
            for host in list(pending):
                if host.accepts_ssh():
                    pending.remove(host)
                elif (status := host.exited()) is not None:
                    pending.remove(host)
                    failed.append((host, f"boot exited with status {status}"))
            time.sleep(0.1 if len(pending) > 8 else 0.5)
        failed += [(h, f"no SSH on {h.address}:{h.port} after {timeout:.0f}s") for h in pending]
        for host, why in failed:
            host.stop()
            del self.hosts[host.name]
            self.failures[host.name] = f"--- {host.name}: {why}\n{host.boot_log()[-3000:]}"
        return [host.name for host, _ in failed]

    def _write_known_hosts(self) -> None:
        lines = [line for host in self.hosts.values() for line in host.known_hosts_lines()]
        self.known_hosts_path.write_text("\n".join(lines) + "\n")


def _boot_order(hosts: list[Host]) -> list[list[Host]]:
    """Groups of hosts booted together: every namespace host, then VMs in small batches."""
    vms = [h for h in hosts if isinstance(h, VmHost)]
    batches = [vms[i : i + VM_PARALLEL] for i in range(0, len(vms), VM_PARALLEL)]
    return [group for group in [[h for h in hosts if h not in vms], *batches] if group]


def _addresses() -> Iterator[str]:
    for n in range(1, 255):
        yield f"{ADDRESS_PREFIX}{n}"
