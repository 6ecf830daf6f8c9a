"""The lab's time source: ``ntp_server.py`` on 127.0.0.1:123, started once for all labs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.lab import net, procs
from tests.lab.config import LAB_DIR

ADDRESS, PORT = "127.0.0.1", 123


class TimeServer:
    """The NTP server a lab started (state in ``<lab run dir>/timeserver``), if it had to."""

    def __init__(self, lab_run_dir: Path) -> None:
        self.run_dir = lab_run_dir / "timeserver"
        self.process: subprocess.Popen[bytes] | None = None

    def ensure(self, *, persistent: bool) -> None:
        """Start the server unless something already answers on 127.0.0.1:123."""
        if self.process is not None or net.port_taken(ADDRESS, PORT, net.listeners("udp")):
            return
        self.run_dir.mkdir(mode=0o700, exist_ok=True)
        log = self.run_dir / "ntp.log"
        argv = ["unshare", "--pid", "--fork", "--kill-child", sys.executable]
        argv += [str(LAB_DIR / "ntp_server.py"), str(log), ADDRESS, str(PORT)]
        if not persistent:
            argv = ["setpriv", "--pdeathsig", "KILL", *argv]
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        state = {"name": "timeserver", "address": ADDRESS, "port": PORT, "pid": self.process.pid}
        state["start_time"] = procs.start_time(self.process.pid)
        (self.run_dir / "host.json").write_text(json.dumps(state) + "\n")
        deadline = time.monotonic() + 5
        while not net.port_taken(ADDRESS, PORT, net.listeners("udp")):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the lab's NTP server did not start; see {log}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            procs.kill_all([*procs.children(self.process.pid), self.process.pid])
            self.process.wait(timeout=10)
            self.process = None
