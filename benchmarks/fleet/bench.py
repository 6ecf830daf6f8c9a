"""Measure ``auditor scan`` against a simulated fleet: wall time, controller CPU (user+sys of
the auditor and its nmap children) and peak RSS from ``/usr/bin/time -v``, and the exec
requests and status of every stored host.

    python -m benchmarks.fleet.bench --recording rec.out -n 200 -c 16 --repeat 3
    python -m benchmarks.fleet.bench --recording rec.out -n 1000 --rtt-ms 100 -c 64

``--network narrow`` (the default) scans with a profile extending de-an-06 whose network scan
covers TCP port 1 only (``exposed_ports: {scan_ports: '1'}``); ``--network full`` uses de-an-06
itself (nmap of its whole port list, against loopback addresses that answer nothing but SSH).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.fleet.fleet import Fleet

NARROW_PROFILE = """\
id: bench-narrow
title: {vi: "de-an-06, quét mạng cổng 1", en: "de-an-06, network scan of port 1"}
extends: de-an-06
parameters: {exposed_ports: {scan_ports: '1'}}
"""
AUDITOR = (sys.executable, "-m", "auditor")  # the CLI of this interpreter's environment
TIME_FIELDS = {
    "user": "User time (seconds)",
    "sys": "System time (seconds)",
    "rss_kb": "Maximum resident set size (kbytes)",
    "wall": "Elapsed (wall clock) time (h:mm:ss or m:ss)",
}


@dataclass(frozen=True)
class Run:
    """One measured scan."""

    wall: float
    cpu: float
    rss_mb: float
    rc: int
    statuses: dict[str, int]
    max_exec: int
    errors: list[str]


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    return sum(p * 60**i for i, p in enumerate(reversed(parts)))


def parse_time_v(text: str) -> dict[str, float]:
    """The fields of ``/usr/bin/time -v`` this benchmark reports."""
    found = {}
    for key, label in TIME_FIELDS.items():
        match = re.search(rf"^\s*{re.escape(label)}: (\S+)$", text, re.M)
        if match is None:
            raise ValueError(f"/usr/bin/time -v printed no {label!r}:\n{text[-2000:]}")
        found[key] = _seconds(match[1]) if key == "wall" else float(match[1])
    return found


def scan(inventory: Path, profile: str, concurrency: int, db: Path) -> Run:
    """Run one ``auditor scan`` under ``/usr/bin/time -v``; read its hosts back from ``db``."""
    argv = [*AUDITOR, "scan", "-i", str(inventory), "-p", profile, "-q", "--db", str(db)]
    timed = ["/usr/bin/time", "-v", *argv, "-c", str(concurrency)]
    done = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    stderr = done.stderr.decode(errors="replace")
    measured = parse_time_v(stderr)
    shown = subprocess.run(
        [*AUDITOR, "results", "show", "--db", str(db), "-f", "json"],
        capture_output=True,
        check=True,
    )
    hosts = json.loads(shown.stdout)["hosts"]
    return Run(
        wall=measured["wall"],
        cpu=measured["user"] + measured["sys"],
        rss_mb=measured["rss_kb"] / 1024,
        rc=done.returncode,
        statuses=dict(Counter(h["status"] for h in hosts)),
        max_exec=max((h["exec_count"] for h in hosts), default=0),
        errors=sorted({h["error"] for h in hosts if h["error"]})[:5],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recording", type=Path, required=True)
    parser.add_argument("-n", "--hosts", type=int, default=200)
    parser.add_argument("-c", "--concurrency", type=int, default=16)
    parser.add_argument("--rtt-ms", type=float, default=0.0)
    parser.add_argument("--network", choices=("narrow", "full"), default="narrow")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path, help="append the figures as one JSON line here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        work = Path(tmp)
        profile = "de-an-06"
        if args.network == "narrow":
            profile = str(work / "bench-narrow.yaml")
            Path(profile).write_text(NARROW_PROFILE)
        with Fleet(args.hosts, args.recording, args.rtt_ms, work / "fleet") as fleet:
            runs = [
                scan(fleet.inventory, profile, args.concurrency, work / f"run{k}.sqlite")
                for k in range(args.repeat)
            ]
    for run in runs:
        print(json.dumps(asdict(run)), file=sys.stderr)
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    summary = {
        "hosts": args.hosts,
        "rtt_ms": args.rtt_ms,
        "concurrency": args.concurrency,
        "network": args.network,
        "runs": len(runs),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_host": round(1000 * cpu / args.hosts, 1),
        "rss_mb": round(max(r.rss_mb for r in runs), 1),
        "hosts_per_s": round(args.hosts / wall, 1),
        "max_exec_per_host": max(r.max_exec for r in runs),
        "statuses": runs[-1].statuses,
        "walls": [r.wall for r in runs],
    }
    print(json.dumps(summary))
    if args.json:
        with args.json.open("a") as out:
            out.write(json.dumps(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
