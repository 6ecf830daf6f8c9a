"""How long the quarterly report takes for a city: 1,000 hosts × 80 checks in 20 units, two
quarters stored. Builds HTML, then PDF (the per-host annex split per unit), each in a fresh
process, and prints wall time and peak memory (the report process and its PDF workers
together) against the targets (60 s, 1 GB each).

    python benchmarks/report_scale.py [--hosts 1000] [--checks 80] [--units 20]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.inventory import UnitNode
from auditor.messages import Message
from auditor.profiles import load_profile
from auditor.registry import load_checks
from auditor.results import CheckResult, HostReport
from auditor.store.database import Store
from tests.specs import host_spec

TARGET_SECONDS, TARGET_BYTES = 60.0, 1 << 30


def build_store(db: str, hosts: int, checks: int, units: int) -> None:
    catalogue = load_checks()
    profile = load_profile("de-an-06", catalogue)
    ids = [c.id for c in profile.checks][:checks]
    ids += [f"local_extra_{i}" for i in range(checks - len(ids))]
    tree = [UnitNode("tp", "Công an Thành phố")] + [
        UnitNode(f"u{i:02d}", f"UBND Phường {i:02d}", "tp") for i in range(1, units)
    ]
    store = Store(db)
    for quarter, started in (
        ("Q3", datetime(2026, 8, 3, tzinfo=UTC)),
        ("Q4", datetime(2026, 11, 2, tzinfo=UTC)),
    ):
        scan_id = store.begin_scan(
            profile.id, profile.digest, started, "inv.yaml", "d", tree, hosts, profile.content()
        )
        for n in range(hosts):
            role = "terminal" if n % 3 else "server"
            spec = host_spec(
                f"h{n:04d}",
                f"127.0.{n // 250}.{n % 250 + 1}",
                role=role,
                unit_id=tree[n % units].id,
            )
            rep = HostReport(spec, started, finished=started + timedelta(seconds=30))
            rep.privileged, rep.exec_count = True, 1
            rep.results = [
                CheckResult(
                    cid,
                    "system",
                    "high",
                    "fail" if (n + i + len(quarter)) % 9 == 0 else "pass",
                    Message.of("{n} findings on {host}", n=i, host=n),
                    (f"evidence line {i} of h{n:04d}",),
                )
                for i, cid in enumerate(ids)
            ]
            store.add_host(scan_id, rep)
        store.finish_scan(scan_id, started + timedelta(hours=1), False)
    store.close()


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo += [int(c) for c in children]
    return found


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes (0 once it is gone): shared pages counted
    once across the processes sharing them, so a sum over a tree is its real footprint."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    line = next(line for line in text.splitlines() if line.startswith("Pss:"))
    return int(line.split()[1]) * 1024


def run(db: str, out: Path, formats: str) -> tuple[float, int]:
    """Wall time of one ``auditor report`` run in a child process and the peak, sampled every
    50 ms, of the memory of that process and its PDF workers together (PSS)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable, "-m", "auditor", "report", "--quarter", "2026-Q4", "--db", db,
            "-o", str(out), "--format", formats, "--split-annex", "--date", "2027-01-05",
        ]
    )  # fmt: skip
    peak = 0
    while child.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(child.pid)))
        time.sleep(0.05)
    took = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"auditor report exited with {child.returncode}")
    return took, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--checks", type=int, default=80)
    parser.add_argument("--units", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        db = str(Path(work) / "city.sqlite")
        start = time.perf_counter()
        build_store(db, args.hosts, args.checks, args.units)
        print(
            f"store: {args.hosts} hosts x {args.checks} checks x 2 quarters in "
            f"{time.perf_counter() - start:.1f}s"
        )
        for formats in ("html", "pdf"):
            took, peak = run(db, Path(work) / formats, formats)
            files = list((Path(work) / formats).iterdir())
            size = sum(f.stat().st_size for f in files) / 1e6
            print(
                f"{formats}: {took:.1f}s (target {TARGET_SECONDS:.0f}s, ratio "
                f"{took / TARGET_SECONDS:.2f}), peak memory {peak / 1e6:.0f} MB (target "
                f"{TARGET_BYTES / 1e6:.0f} MB, ratio {peak / TARGET_BYTES:.2f}), "
                f"{len(files)} files, {size:.1f} MB"
            )


if __name__ == "__main__":
    main()
