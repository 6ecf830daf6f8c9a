"""Tear down lab run directories: kill their processes, unmount leftovers, delete them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.lab import procs
from tests.lab.config import RUN_ROOT
from tests.lab.host import kill_recorded
from tests.lab.mounts import remove_tree


class SweepError(RuntimeError):
    """Something of a lab could not be removed."""


def remove_lab(lab_dir: Path) -> None:
    """Kill every process of the lab in ``lab_dir``, unmount what is left, delete the directory."""
    for host_dir in sorted(p for p in lab_dir.iterdir() if p.is_dir()) if lab_dir.is_dir() else []:
        kill_recorded(host_dir)
    left = procs.kill_all(procs.belonging_to(lab_dir))
    if left:
        raise SweepError(f"processes of {lab_dir} survive SIGKILL: {left}")
    try:
        remove_tree(lab_dir)
    except OSError as exc:
        raise SweepError(str(exc)) from exc


def _owner_alive(lab_dir: Path) -> bool:
    """True for a lab left to run on purpose or whose owning process still runs."""
    try:
        info = json.loads((lab_dir / "lab.json").read_text())
    except (OSError, ValueError):
        return False
    if info.get("persistent"):
        return True
    pid, started = info.get("owner"), info.get("owner_start")
    return bool(pid) and procs.start_time(pid) == started


def sweep(*, everything: bool = False, root: Path = RUN_ROOT) -> list[Path]:
    """Remove labs under ``root``: all of them, or those whose owner is gone (the default)."""
    removed = []
    if root.is_dir():
        for lab_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            if everything or not _owner_alive(lab_dir):
                remove_lab(lab_dir)
                removed.append(lab_dir)
    stray = procs.belonging_to(root) if everything else []
    if stray and procs.kill_all(stray):
        raise SweepError(f"lab processes survive SIGKILL: {stray}")
    return removed
