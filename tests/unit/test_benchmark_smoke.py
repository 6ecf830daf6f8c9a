"""Smoke test of the fleet benchmark harness (benchmarks/fleet): 50 simulated hosts behind
real sshd instances, one ``auditor scan``; every host ok, at most 3 exec requests each."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.fleet.bench import NARROW_PROFILE, scan
from benchmarks.fleet.fleet import SSHD, Fleet
from benchmarks.fleet.record import synthetic

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not Path(SSHD).exists() or shutil.which("/usr/bin/time") is None,
    reason="the fleet needs root, OpenSSH's sshd and GNU time",
)


def test_fleet_of_50_hosts(tmp_path: Path) -> None:
    recording = tmp_path / "recording.out"
    synthetic(recording)
    profile = tmp_path / "bench-narrow.yaml"
    profile.write_text(NARROW_PROFILE)
    with Fleet(50, recording, workdir=tmp_path / "fleet") as fleet:
        pids = [p.pid for p in fleet.processes]
        run = scan(fleet.inventory, str(profile), 16, tmp_path / "results.sqlite")
    assert run.statuses == {"ok": 50}, run.errors
    assert 1 <= run.max_exec <= 3
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()], "sshd left running"
