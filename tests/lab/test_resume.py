"""Crash safety for real: ``auditor scan`` of a few lab hosts killed with SIGKILL after its first
host is stored leaves a consistent store, and ``--resume`` completes it as one scan; SIGTERM lets
the hosts in flight finish and be stored, and marks the scan interrupted."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from auditor.runner import INTERRUPT_GRACE_SECONDS
from auditor.store.database import Store
from tests.lab import scenarios
from tests.lab.host import Host
from tests.lab.inventory import write_inventory
from tests.lab.lab import Lab
from tests.lab.test_scenarios import auditor_command

pytestmark = pytest.mark.lab

HOSTS = ("baseline", "baseline_terminal", "cred_root_login", "cred_su_open", "cred_empty_password")
SCAN_TIMEOUT = 600


@pytest.fixture(scope="module")
def hosts(lab: Lab) -> list[Host]:
    known = scenarios.discover()
    return lab.up([known[name] for name in HOSTS])


def _start(work: Path, hosts: list[Host] | None, *args: str) -> subprocess.Popen[str]:
    """``auditor scan`` into ``work``'s database: of ``hosts`` (an inventory of them is written),
    or without an inventory (``--resume``)."""
    inventory = []
    if hosts is not None:
        inventory = ["-i", str(write_inventory(hosts, work / "inventory.yaml"))]
    cmd = [*auditor_command(), "scan", *inventory, "--db", str(work / "db.sqlite"),
           "--lang", "en", "-q", *args]  # fmt: skip
    return subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _stored(db: Path) -> int:
    """Hosts stored so far (0 while the database or its tables do not exist yet)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM hosts").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _wait_for_first_host(proc: subprocess.Popen[str], db: Path) -> int:
    deadline = time.monotonic() + SCAN_TIMEOUT
    while time.monotonic() < deadline:
        if (count := _stored(db)) >= 1:
            return count
        if proc.poll() is not None:
            pytest.fail(f"the scan ended ({proc.returncode}) first: {proc.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.1)
    proc.kill()
    pytest.fail("no host was stored in time")


def _consistent(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        empty = (
            "SELECT name FROM hosts WHERE status = 'ok' AND id NOT IN (SELECT host_id FROM results)"
        )
        assert conn.execute(empty).fetchall() == []


def test_a_scan_killed_with_sigkill_is_resumed_as_one_scan(hosts, tmp_path):
    db = tmp_path / "db.sqlite"
    proc = _start(tmp_path, hosts, "-c", "1")
    _wait_for_first_host(proc, db)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    _consistent(db)
    store = Store(str(db))
    (killed,) = store.history()
    scan = store.load(killed.id)
    assert scan.finished is None and scan.incomplete
    before = {h.name: h.started for h in scan.hosts}
    assert 1 <= len(before) < len(HOSTS) and all(h.status == "ok" for h in scan.hosts)
    out = tmp_path / "resumed.json"
    resumed = _start(tmp_path, None, "--resume", "-c", "4", "-o", str(out))
    _, stderr = resumed.communicate(timeout=SCAN_TIMEOUT)
    assert resumed.returncode in (0, 1), stderr
    _consistent(db)
    (summary,) = store.history()
    scan = store.load(summary.id)
    assert summary.id == killed.id and scan.finished is not None and not scan.interrupted
    names = [h.name for h in scan.hosts]
    assert sorted(names) == sorted(HOSTS) and len(names) == len(set(names))
    assert all(h.status == "ok" and h.results for h in scan.hosts)
    assert {h.name: h.started for h in scan.hosts if h.name in before} == before  # not redone
    assert out.exists() and all(name in out.read_text() for name in HOSTS)


def test_sigterm_stores_the_hosts_in_flight_and_marks_the_scan_interrupted(hosts, tmp_path):
    db = tmp_path / "db.sqlite"
    proc = _start(tmp_path, hosts, "-c", "2")
    stored_at_signal = _wait_for_first_host(proc, db)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=INTERRUPT_GRACE_SECONDS + 60)
    assert proc.returncode == 130, stderr
    in_flight = int(re.search(r"the (\d+) host\(s\) in flight", stderr).group(1))  # type: ignore[union-attr]
    audited = int(re.search(r"interrupted; (\d+) of 5 hosts", stderr).group(1))  # type: ignore[union-attr]
    _consistent(db)
    store = Store(str(db))
    (summary,) = store.history()
    scan = store.load(summary.id)
    assert scan.finished is not None and scan.interrupted
    assert len(scan.hosts) == audited >= stored_at_signal + in_flight
    assert in_flight >= 1 and audited < len(HOSTS)
    assert all(h.status == "ok" and h.results for h in scan.hosts)
    resumed = _start(tmp_path, None, "--resume", str(summary.id))
    _, stderr = resumed.communicate(timeout=SCAN_TIMEOUT)
    assert resumed.returncode in (0, 1), stderr
    scan = store.load(summary.id)
    assert sorted(h.name for h in scan.hosts) == sorted(HOSTS) and not scan.interrupted
