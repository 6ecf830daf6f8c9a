"""Find and kill the processes of lab hosts (by pid, by command line, by chroot)."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable
from pathlib import Path

# Programs that start lab hosts; they name the host's run directory in their arguments.
LAUNCHERS = frozenset({"unshare", "setpriv", "qemu-system-x86_64"})


def start_time(pid: int) -> int | None:
    """The start time of ``pid`` (clock ticks since boot), or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def children(pid: int) -> list[int]:
    """Direct children of ``pid``."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def belonging_to(run_root: Path) -> list[int]:
    """Lab processes of ``run_root``: host launchers (``unshare``/``setpriv``/QEMU naming a path
    in it) and every process whose root directory lies inside it (the hosts' own processes)."""
    prefix = str(run_root).rstrip("/") + "/"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            root = os.readlink(entry / "root")
        except OSError:
            continue
        # QEMU names it inside options ("file:/run/...", "name=...,file=/run/...").
        launcher = Path(argv[0]).name in LAUNCHERS and any(prefix in a for a in argv)
        if launcher or root.startswith(prefix):
            found.append(int(entry.name))
    return sorted(found)


def kill_all(pids: Iterable[int], timeout: float = 10.0) -> list[int]:
    """SIGKILL ``pids`` and wait until they are gone; return those still present."""
    pids = list(pids)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [pid for pid in pids if _running(pid)]
        if not left:
            return []
        time.sleep(0.05)
    return [pid for pid in pids if _running(pid)]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
