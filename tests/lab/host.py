"""One lab host: an overlay of a cached baseline, its own namespaces, an sshd on 127.0.10.N."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from tests.lab import keys, procs
from tests.lab.config import BOOT_TIMEOUT, CLEAN_ENV, PORT, SH_DIR, USER
from tests.lab.scenarios import Scenario

NAMESPACES = ["--pid", "--mount", "--uts", "--ipc", "--fork", "--kill-child"]


@dataclass
class Host:
    """A lab host and where to reach it. ``expect_fail``: check ids that must fail on it."""

    scenario: Scenario
    address: str
    run_dir: Path
    lower: Path
    key_path: Path
    known_hosts_path: Path
    port: int = PORT
    user: str = USER
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    boot_timeout: ClassVar[float] = BOOT_TIMEOUT
    command_timeout: ClassVar[int] = 0  # in lab inventories; 0: the auditor's default

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def hostname(self) -> str:
        return self.scenario.hostname

    @property
    def release(self) -> str:
        return self.scenario.release

    @property
    def role(self) -> str:
        return self.scenario.role

    @property
    def expect_fail(self) -> tuple[str, ...]:
        return self.scenario.expect_fail

    @property
    def boot_log_path(self) -> Path:
        return self.run_dir / "boot.log"

    @property
    def seed(self) -> Path:
        return self.run_dir / "seed"

    def env(self) -> dict[str, str]:
        """The LAB_* variables the host boots with."""
        return {
            "LAB_ADDRESS": self.address,
            "LAB_HOSTNAME": self.hostname,
            "LAB_USER": self.user,
            "LAB_PORT": str(self.port),
        }

    def reserve(self) -> None:
        """Create the run directory and record the address (under the allocation lock)."""
        self.run_dir.mkdir(parents=True, mode=0o700)
        self._write_state(pid=None)

    def prepare(self, authorized_key: str) -> None:
        """Lay out upper/work/root and the seed: boot scripts, scenario, host keys, audit key."""
        for name in ("upper", "work", "root", "seed"):
            (self.run_dir / name).mkdir(mode=0o755, exist_ok=True)
        (self.run_dir / "lower").write_text(f"{self.lower}\n")
        shutil.copyfile(SH_DIR / "boot.sh", self.seed / "boot.sh")
        shutil.copyfile(SH_DIR / "devices.sh", self.seed / "devices.sh")
        (self.seed / "authorized_key").write_text(authorized_key)
        if self.scenario.path is not None:
            shutil.copyfile(self.scenario.path, self.seed / "scenario.sh")
        keys.generate_host_keys(self.seed, self.hostname)

    def known_hosts_lines(self) -> list[str]:
        private = sorted(self.seed.glob("ssh_host_*_key"))
        return keys.known_hosts_lines(self.address, self.port, private)

    def start(self, *, persistent: bool = False) -> None:
        """Boot the host. Call from the main thread: unless ``persistent``, the host is killed
        when the thread that started it dies (parent-death signal)."""
        argv = ["unshare", *NAMESPACES, "--propagation", "private", "/bin/sh"]
        argv += [str(SH_DIR / "enter.sh"), str(self.run_dir), str(self.lower)]
        if not persistent:
            argv = ["setpriv", "--pdeathsig", "KILL", *argv]
        with self.boot_log_path.open("wb") as log:
            self.process = subprocess.Popen(
                argv,
                env={**CLEAN_ENV, **self.env()},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._write_state(pid=self.process.pid)

    def exited(self) -> int | None:
        """The exit status if the host's namespace has ended, else None."""
        return None if self.process is None else self.process.poll()

    def accepts_ssh(self) -> bool:
        """True when something accepts TCP connections on the host's SSH port."""
        try:
            with socket.create_connection((self.address, self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def boot_log(self) -> str:
        try:
            return self.boot_log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Kill the host's namespace (its init and so everything in it)."""
        if self.process is not None:
            pids = [*procs.children(self.process.pid), self.process.pid]
            procs.kill_all(pids)
            self.process.wait(timeout=10)
        else:
            kill_recorded(self.run_dir)

    def _write_state(self, pid: int | None) -> None:
        state = {
            "name": self.name,
            "address": self.address,
            "port": self.port,
            "pid": pid,
            "start_time": procs.start_time(pid) if pid else None,
        }
        (self.run_dir / "host.json").write_text(json.dumps(state) + "\n")


def recorded_address(run_dir: Path) -> str | None:
    """The address a host directory holds (reserved or in use)."""
    try:
        return json.loads((run_dir / "host.json").read_text())["address"]
    except (OSError, ValueError, KeyError):
        return None


def kill_recorded(run_dir: Path) -> None:
    """Kill a host known only from its run directory (e.g. left over by another run)."""
    try:
        state = json.loads((run_dir / "host.json").read_text())
    except (OSError, ValueError):
        return
    pid = state.get("pid")
    if pid and procs.start_time(pid) == state.get("start_time"):
        procs.kill_all([*procs.children(pid), pid])
