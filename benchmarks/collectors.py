"""What each collector costs on one machine: each alone in a facts script of its own, then all of
them in one script as a scan runs it (lanes side by side), with the CPU seconds of the script's
processes (the shell's ``times``) and the wall time of each.

    python -m benchmarks.collectors                       # this machine, as root: sh -s
    python -m benchmarks.collectors --ssh "ssh -i KEY -p 2222 auditor@127.0.10.1" --sudo
    python -m benchmarks.collectors --top 8 --json out.json

The local audit of a busy machine takes about its slowest collector when the collectors' CPU
seconds, shared by its cores, come to less than that collector's wall time; the summary line
gives both.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from auditor.facts import load_collectors
from auditor.facts.base import Collector
from auditor.facts.script import build_script, new_nonce


@dataclass(frozen=True)
class Cost:
    """One script's run: CPU seconds of its processes and wall seconds."""

    name: str
    cpu: float
    wall: float


def _seconds(field: str) -> float:
    minutes, _, seconds = field.partition("m")
    return float(minutes) * 60 + float(seconds.rstrip("s"))


def children_cpu(times_output: str) -> float:
    """User plus system seconds of the children, from the last line ``times`` printed."""
    line = times_output.strip().splitlines()[-1]
    return sum(_seconds(field) for field in line.split())


def run(shell: list[str], name: str, collectors: list[Collector]) -> Cost:
    """Run the facts script of ``collectors`` with ``shell``; its cost."""
    script = build_script(collectors, new_nonce()) + "times\n"
    start = time.monotonic()
    done = subprocess.run(shell, input=script, text=True, capture_output=True, check=False)
    wall = time.monotonic() - start
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{name}: the script failed ({done.returncode}): {done.stderr[:200]}")
    return Cost(name, round(children_cpu(done.stdout), 3), round(wall, 3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ssh", help="the ssh command reaching the host (default: this machine)")
    parser.add_argument("--sudo", action="store_true", help="run the scripts with sudo -n")
    parser.add_argument("--top", type=int, default=10, help="collectors shown, costliest first")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args()
    shell = ["sudo", "-n", "sh", "-s"] if args.sudo else ["sh", "-s"]
    if args.ssh:
        shell = [*shlex.split(args.ssh), shlex.join(shell)]
    collectors = load_collectors()
    each = sorted(
        (run(shell, name, [c]) for name, c in sorted(collectors.items())),
        key=lambda cost: -cost.cpu,
    )
    whole = run(shell, "all", list(collectors.values()))
    for cost in each[: args.top]:
        print(f"{cost.name:28} {cost.cpu:7.2f} CPU-s {cost.wall:7.2f} s")
    slowest = max(each, key=lambda cost: cost.wall)
    print(
        f"each alone: {sum(c.cpu for c in each):.2f} CPU-s, slowest {slowest.name} "
        f"{slowest.wall:.2f} s; all in one script: {whole.wall:.2f} s, {whole.cpu:.2f} CPU-s"
    )
    if args.json:
        figures = {"each": [asdict(c) for c in each], "all": asdict(whole)}
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
