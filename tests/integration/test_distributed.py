"""Scans spread over sites (#14): 1,000 fleet hosts queued on two sites in a real PostgreSQL
store, audited by three worker processes connected as the least-privileged worker role of
docs/deployment.md, one of them killed with SIGKILL midway; every host is stored exactly once,
the scan finishes, ``scan --wait`` exits with the scan's exit code and the quarterly report
is built from that database."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest
import yaml

from auditor.scan import exit_code
from auditor.store.database import Store
from benchmarks.fleet.bench import NARROW_PROFILE
from benchmarks.fleet.fleet import SSHD, Fleet
from benchmarks.fleet.record import synthetic

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not Path(SSHD).exists() or shutil.which("nmap") is None,
    reason="the fleet needs root, OpenSSH's sshd and nmap",
)

ROOT = Path(__file__).resolve().parents[2]
GRANTS = ROOT / "auditor" / "distributed" / "worker_grants.sql"
DEPLOYMENT = ROOT / "docs" / "deployment.md"
AUDITOR = (sys.executable, "-m", "auditor")
HOSTS = 1000
STALLED_AFTER = 6.0
SITES = {"a": (0, 12), "b": (12, 20)}  # site -> the fleet's units (of 50 hosts) it holds


def worker_role(url: str) -> str:
    """The worker role made with the grants of docs/deployment.md; its URL."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN CREATE ROLE auditor_worker LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        conn.execute(GRANTS.read_text())
    return url.replace("postgresql://auditor@", "postgresql://auditor_worker@", 1)


def sited(inventory: Path) -> Path:
    """The fleet's inventory with its units under one parent unit per site."""
    data = yaml.safe_load(inventory.read_text())
    units = data["units"]
    data["units"] = [
        {"id": f"site-{site}", "name": f"Site {site}", "site": site, "children": units[a:b]}
        for site, (a, b) in SITES.items()
    ]
    path = inventory.with_name("sited.yaml")
    path.write_text(yaml.safe_dump(data))
    return path


def auditor(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AUDITOR, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def start_worker(url: str, site: str, log: Path) -> subprocess.Popen[bytes]:
    argv = [*AUDITOR, "worker", "--db", url, "--site", site, "-c", "16", "--lang", "en",
            "--stalled-after", str(STALLED_AFTER)]  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out)


def stored_count(url: str, scan_id: int) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM hosts WHERE scan_id = %s", (scan_id,)).fetchone()
    assert row is not None
    return int(row[0])


def test_thousand_hosts_on_two_sites_one_worker_killed(tmp_path: Path, postgres_url: str) -> None:
    recording = tmp_path / "recording.out"
    synthetic(recording)
    profile = tmp_path / "bench-narrow.yaml"
    profile.write_text(NARROW_PROFILE)
    logs = {name: tmp_path / f"{name}.log" for name in ("a1", "a2", "b1")}
    workers: dict[str, subprocess.Popen[bytes]] = {}
    with Fleet(HOSTS, recording, workdir=tmp_path / "fleet") as fleet:
        inventory = sited(fleet.inventory)
        queued = auditor("scan", "--db", postgres_url, "--enqueue", "-i", str(inventory),
                         "-p", str(profile), "--lang", "en")  # fmt: skip
        assert queued.returncode == 0, queued.stderr
        assert "a (600), b (400)" in queued.stdout
        scan_id = int(queued.stdout.split()[1])
        url = worker_role(postgres_url)
        size_before = _database_size(postgres_url)
        started = time.monotonic()
        wait = subprocess.Popen(
            [*AUDITOR, "scan", "--wait", str(scan_id), "--db", postgres_url, "--lang", "en",
             "-f", "json", "-o", str(tmp_path / "scan.json")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            for name in logs:
                workers[name] = start_worker(url, name[0], logs[name])
            connections = 0
            while stored_count(postgres_url, scan_id) < 250:
                assert all(w.poll() is None for w in workers.values()), _tails(logs)
                connections = max(connections, _connections(postgres_url))
                time.sleep(0.5)
            workers["a1"].send_signal(signal.SIGKILL)  # in the middle of its hosts
            workers["a1"].wait()
            err = wait.communicate(timeout=420)[1]  # about 150 s on this machine
            elapsed = time.monotonic() - started
        finally:
            wait.kill()
            for worker in workers.values():
                if worker.poll() is None:
                    worker.send_signal(signal.SIGTERM)
            for worker in workers.values():
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
    assert workers["a2"].returncode == workers["b1"].returncode == 0  # SIGTERM: a clean stop
    store = Store(postgres_url, create=False)
    stored = store.load(scan_id)
    store.close()
    assert wait.returncode == exit_code(stored, "low"), err[-2000:]
    assert wait.returncode == 1  # the recorded host fails checks at low severity and above
    assert "hosts stored" in err and "all 1000 hosts stored" in err
    names = [h.name for h in stored.hosts]
    assert len(names) == HOSTS and set(names) == set(stored.planned_hosts or ())
    assert {h.status for h in stored.hosts} == {"ok"}, {h.error for h in stored.hosts}
    assert stored.finished is not None and not stored.interrupted
    with psycopg.connect(postgres_url) as conn:
        duplicated = conn.execute(
            "SELECT name FROM hosts WHERE scan_id = %s GROUP BY name HAVING count(*) > 1",
            (scan_id,),
        ).fetchall()
        results = conn.execute(
            "SELECT count(DISTINCT (host_id, check_id)), count(*) FROM results"
        ).fetchone()
        retried = conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE attempts > 0"
        ).fetchone()
        statuses = dict(
            conn.execute("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")
        )
    assert not duplicated
    assert results is not None and results[0] == results[1]  # no result stored twice
    assert retried is not None and retried[0] >= 1, _tails(logs)  # a1's jobs, given to a2
    assert statuses == {"succeeded": HOSTS}
    assert "a stalled job is queued again" in logs["a2"].read_text()
    doc = json.loads((tmp_path / "scan.json").read_text())
    assert len(doc["hosts"]) == HOSTS
    _report(tmp_path, postgres_url)
    figures = {
        "hosts_per_s": round(HOSTS / elapsed, 1),
        "seconds": round(elapsed, 1),
        "db_bytes_per_1000_hosts": (_database_size(postgres_url) - size_before) * 1000 // HOSTS,
        "worker_connections_max": connections,
    }
    print(f"\ndistributed figures: {json.dumps(figures)}")


def _report(tmp_path: Path, url: str) -> None:
    quarter = f"{date.today().year}-Q{(date.today().month - 1) // 3 + 1}"
    out = tmp_path / "report"
    done = auditor("report", "--quarter", quarter, "--format", "html", "--lang", "en",
                   "-o", str(out), "--db", url, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    pages = list(out.rglob("*.html"))
    assert len(pages) > len(SITES)  # the report and a record per unit
    assert any("h0999" in p.read_text(encoding="utf-8") for p in pages)


def _database_size(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    assert row is not None
    return int(row[0])


def _connections(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = 'auditor_worker'"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _tails(logs: dict[str, Path]) -> str:
    return "\n".join(f"{n}: {p.read_text()[-1500:]}" for n, p in logs.items() if p.exists())


def test_grants_in_the_deployment_guide() -> None:
    """The grants the fleet test's workers run under are those docs/deployment.md gives."""
    assert GRANTS.read_text().strip() in DEPLOYMENT.read_text()
