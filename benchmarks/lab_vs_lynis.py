"""Lab mode: Lynis and ``auditor scan`` side by side against one hardened lab host, in one
hyperfine run.

    python benchmarks/lab_vs_lynis.py [--runs 5] [--lynis-deb lynis_*.deb] [--json out.json]

Boots the lab's ``baseline`` host (tests/lab), installs the Debian ``lynis`` package on it (the
.deb from ``apt-get download lynis`` here, copied over SSH, ``dpkg -i`` through ``sudo -n sh -s``,
plus a sudo rule for ``/usr/sbin/lynis``, as a Lynis user would have), then times with hyperfine

* ``ssh ... auditor@host sudo -n lynis audit system --quick --no-colors``
* ``auditor scan -i <inventory> -q --db <tmp>`` (default profile de-an-06, CLI start-up
  included; exit status 1, "findings", counts as success)

and prints the ratio of medians, the exec requests the auditor made (``exec_count`` of the
stored host), controller CPU and peak RSS (``/usr/bin/time -v``, one run each) and host CPU
(``times`` after the work, in the same ``sudo -n sh -s``: Lynis, and the auditor's facts script).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.fleet.bench import parse_time_v
from benchmarks.fleet.record import facts_script
from tests.lab import scenarios, ssh
from tests.lab.host import Host
from tests.lab.inventory import write_inventory
from tests.lab.lab import Lab
from tests.lab.signals import interrupt_on_termination

LYNIS = "sudo -n lynis audit system --quick --no-colors"
SUDO_RULE = "auditor ALL=(root) NOPASSWD: /usr/sbin/lynis"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = re.search(r"^model name\s*: (.*)$", Path("/proc/cpuinfo").read_text(), re.M)
    mem = Path("/proc/meminfo").read_text().split()[1]
    return {
        "cpu": cpu[1] if cpu else platform.processor(),
        "cores": str(len(re.findall(r"^processor", Path("/proc/cpuinfo").read_text(), re.M))),
        "memory_gib": f"{int(mem) / 2**20:.0f}",
        "kernel": platform.release(),
        "load_1min": Path("/proc/loadavg").read_text().split()[0],
    }


def lynis_deb(directory: Path) -> Path:
    """``apt-get download lynis`` into ``directory``."""
    subprocess.run(["apt-get", "download", "-q", "lynis"], cwd=directory, check=True)
    return next(directory.glob("lynis_*.deb"))


def install_lynis(host: Host, deb: Path) -> None:
    """Copy the .deb to the host, install it as root and let the audit account run Lynis."""
    copied = subprocess.run(
        ssh.ssh_argv(host, "cat > /tmp/lynis.deb"), input=deb.read_bytes(), check=False
    )
    if copied.returncode != 0:
        raise RuntimeError("cannot copy the lynis package to the lab host")
    done = ssh.run_as_root(
        host,
        f"dpkg -i /tmp/lynis.deb >/dev/null && echo '{SUDO_RULE}' >/etc/sudoers.d/lynis && "
        "chmod 440 /etc/sudoers.d/lynis && visudo -cq",
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"installing lynis failed: {done.stderr[-1000:]}")


def host_cpu(host: Host, script: str) -> float:
    """User+sys CPU seconds that ``script`` costs on the host, run as root (``times``)."""
    done = ssh.run_as_root(host, f"{script}\ntimes", timeout=600)
    user, system = done.stdout.strip().splitlines()[-1].split()
    return sum(_minutes_seconds(t) for t in (user, system))


def _minutes_seconds(text: str) -> float:
    minutes, _, seconds = text.rstrip("s").partition("m")
    return int(minutes) * 60 + float(seconds)


def controller(command: str) -> dict[str, float]:
    """``/usr/bin/time -v`` of one run of ``command`` (a shell command line)."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", "sh", "-c", command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    measured = parse_time_v(done.stderr.decode(errors="replace"))
    return {
        "cpu_s": round(measured["user"] + measured["sys"], 2),
        "rss_mb": round(measured["rss_kb"] / 1024, 1),
    }


def measure(host: Host, inventory: Path, work: Path, runs: int) -> dict[str, Any]:
    """The hyperfine comparison and the per-run counters."""
    db = work / "results.sqlite"
    commands = {
        "lynis": shlex.join(ssh.ssh_argv(host, LYNIS)),
        "auditor": f"auditor scan -i {inventory} -q --db {db} || test $? -eq 1",
    }
    export = work / "hyperfine.json"
    argv = ["hyperfine", "--warmup", "1", "--runs", str(runs), "--export-json", str(export)]
    for name, command in commands.items():
        argv += ["--command-name", name, command]
    print("$", shlex.join(argv), file=sys.stderr)
    subprocess.run(argv, check=True)
    timed = {r["command"]: r for r in json.loads(export.read_text())["results"]}
    shown = subprocess.run(
        ["auditor", "results", "show", "--db", str(db), "-f", "json"],
        capture_output=True,
        check=True,
    )
    stored = json.loads(shown.stdout)["hosts"][0]
    lynis_run = ssh.run_as_root(host, "lynis audit system --quick --no-colors", timeout=600)
    tests = re.search(r"Tests performed\s*:\s*(\d+)", lynis_run.stdout)
    median = {name: statistics.median(timed[name]["times"]) for name in commands}
    return {
        "machine": machine(),
        "commands": commands,
        "hyperfine": argv,
        "median_s": {k: round(v, 2) for k, v in median.items()},
        "mean_s": {k: round(timed[k]["mean"], 2) for k in commands},
        "stddev_s": {k: round(timed[k]["stddev"] or 0, 2) for k in commands},
        "ratio_lynis_over_auditor": round(median["lynis"] / median["auditor"], 1),
        "auditor_exec_count": stored["exec_count"],
        "auditor_status": stored["status"],
        "auditor_results": len(stored["results"]),
        "lynis_tests": int(tests[1]) if tests else None,
        "controller": {name: controller(command) for name, command in commands.items()},
        "host_cpu_s": {
            "lynis": round(host_cpu(host, "lynis audit system --quick --no-colors >/dev/null"), 2),
            "auditor": round(host_cpu(host, facts_script("de-an-06", "0" * 16) + ">/dev/null"), 2),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lynis-deb", type=Path, help="default: apt-get download lynis")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-lynis-") as tmp, interrupt_on_termination():
        work = Path(tmp)
        deb = args.lynis_deb or lynis_deb(work)
        with Lab() as lab:
            (host,) = lab.up(scenarios.select(["baseline"]))
            inventory = write_inventory([host], work / "inventory.yaml")
            install_lynis(host, deb)
            figures = measure(host, inventory, work, args.runs)
    figures["lynis_deb"] = deb.name
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
