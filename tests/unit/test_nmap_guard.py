"""Every nmap the suite starts goes through the guard, which refuses targets off loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.nmap_guard import GUARD_DIR, outside_loopback


def test_the_suite_runs_nmap_through_the_guard():
    assert shutil.which("nmap") == str(GUARD_DIR / "nmap")
    assert os.environ["AUDITOR_NMAP_LOG"]


def test_targets_off_loopback_are_refused_before_nmap_runs(tmp_path: Path):
    log = tmp_path / "log"
    env = {**os.environ, "AUDITOR_NMAP_LOG": str(log)}
    for target in ("10.0.0.1", "192.168.1.0/24", "8.8.8.8", "::1", "127.0.0.0/7"):
        run = subprocess.run(
            ["nmap", "-sT", "-p", "1", "--", "127.0.0.1", target],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert run.returncode == 2 and "refusing targets outside" in run.stderr, target
    unseparated = subprocess.run(["nmap", "10.0.0.1"], capture_output=True, text=True, env=env)
    assert unseparated.returncode == 2
    assert outside_loopback(log) == ["10.0.0.1", "192.168.1.0/24", "8.8.8.8", "::1", "127.0.0.0/7"]


def test_loopback_targets_reach_nmap(tmp_path: Path):
    log = tmp_path / "log"
    env = {**os.environ, "AUDITOR_NMAP_LOG": str(log)}
    run = subprocess.run(
        ["nmap", "-sT", "-Pn", "-n", "-p", "1", "--", "127.0.0.1", "127.0.10.1-3", "localhost"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Nmap done" in run.stdout
    assert outside_loopback(log) == []
