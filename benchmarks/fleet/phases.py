"""Where a fleet host's controller CPU goes, phase by phase, each measured alone in this process
(``time.process_time``, all threads): the SSH session (connect, send the facts script, read a
recorded output from a simulated host), parsing that output, judging the profile's checks on it,
and nmap (its CPU as a child process) for the fleet's addresses in batches of several sizes.

    python -m benchmarks.fleet.phases --recording rec.out [-n 20] [--batches 128,512]

Needs root, as the fleet does. The phases add up to less than ``bench``'s CPU per host: what is
left is the runner's threads, storing the host and the start-up of the process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from auditor.audit import ScanPlan
from auditor.facts.script import build_script, new_nonce, parse_facts
from auditor.inventory import HostSpec, load_inventory
from auditor.judge import judge
from auditor.network.scanner import HOST_GROUP, nmap_argv
from auditor.profiles import load_profile
from auditor.registry import load_checks
from auditor.transports import transport_factory
from benchmarks.fleet.fleet import Fleet
from benchmarks.fleet.record import recorded_nonce


def per_call_ms(work: Callable[[], object], repeat: int) -> float:
    """Median CPU milliseconds of one call of ``work``."""
    spent = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        spent.append(time.process_time() - start)
    return 1000 * statistics.median(spent)


def ssh_session(spec: HostSpec, script: bytes) -> None:
    with transport_factory(False)(spec) as transport:
        transport.run(["sh", "-s"], script, 60)


def nmap_ms_per_host(addresses: list[str], port: int, batch: int) -> float:
    """CPU milliseconds per address of nmap as the scanner runs it, ``batch`` addresses a run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for start in range(0, len(addresses), batch):
        chunk = addresses[start : start + batch]
        argv = nmap_argv(chunk, f"T:1,{port}", 600, HOST_GROUP, udp=False)
        subprocess.run(argv, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return 1000 * spent / len(addresses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recording", type=Path, required=True)
    parser.add_argument("-n", "--hosts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--batches", default="128,512")
    parser.add_argument("--nmap-hosts", type=int, default=200)
    args = parser.parse_args()
    profile = load_profile("de-an-06", load_checks())
    plan = ScanPlan.of(profile)
    nonce, output = recorded_nonce(args.recording), args.recording.read_text()
    facts = parse_facts(plan.collectors, output, nonce)
    checks = list(profile.checks_for("server"))

    def judging() -> None:
        for check in checks:
            judge(check, facts, plan.params[check.id, "server"])

    print(
        f"parse the output ({len(output)} bytes): "
        f"{per_call_ms(lambda: parse_facts(plan.collectors, output, nonce), args.repeat):.1f} ms"
    )
    print(f"judge {len(checks)} checks: {per_call_ms(judging, args.repeat):.1f} ms")
    script = build_script(plan.collectors, new_nonce()).encode()
    with tempfile.TemporaryDirectory(prefix="auditor-phases-") as tmp:
        hosts = max(args.hosts, args.nmap_hosts)
        with Fleet(hosts, args.recording, workdir=Path(tmp) / "fleet") as fleet:
            specs = load_inventory(fleet.inventory).hosts()
            ssh_session(specs[0], script)  # the known_hosts cache, paramiko's first imports
            sessions = specs[: args.hosts]
            start = time.process_time()
            for spec in sessions:
                ssh_session(spec, script)
            spent = 1000 * (time.process_time() - start) / len(sessions)
            print(f"SSH session (connect, script, read the output): {spent:.1f} ms")
            addresses = sorted({s.address for s in specs})[: args.nmap_hosts]
            for batch in (int(b) for b in args.batches.split(",")):
                spent = nmap_ms_per_host(addresses, specs[0].port, batch)
                print(f"nmap, {len(addresses)} addresses in batches of {batch}: {spent:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
