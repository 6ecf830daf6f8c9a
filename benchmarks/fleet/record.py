"""Record one host's facts output, for the fleet's sshd to replay.

    python -m benchmarks.fleet.record -o rec.out                  # this machine (sh -s, as root)
    python -m benchmarks.fleet.record -o rec.out --ssh 'ssh -i KEY -p 2222 auditor@127.0.10.3' \
        --sudo                                                   # a real (lab) host
    python -m benchmarks.fleet.record -o rec.out --synthetic     # every collector empty

The facts script is built as a scan builds it (``ScanPlan`` of the profile, server role); the
output starts with ``\\036START <nonce> uid=..``, which is how the replay finds the old nonce.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from auditor.audit import ScanPlan
from auditor.facts.script import build_script, new_nonce, started
from auditor.profiles import load_profile
from auditor.registry import load_checks


def facts_script(profile: str, nonce: str, role: str = "server") -> str:
    """The script a scan with ``profile`` sends to a host of ``role``."""
    plan = ScanPlan.of(load_profile(profile, load_checks()))
    return build_script(plan.collectors, nonce, options=plan.options.get(role, {}))


def record(runner: list[str], path: Path, profile: str = "de-an-06") -> str:
    """Run the facts script with ``runner`` (an argv reading the script on stdin), write its
    output to ``path``; the nonce it carries."""
    nonce = new_nonce()
    result = subprocess.run(
        runner, input=facts_script(profile, nonce).encode(), capture_output=True, check=False
    )
    output = result.stdout.decode(errors="replace")
    if not started(output, nonce):
        raise RuntimeError(f"the facts script did not run: {result.stderr.decode()[-500:]}")
    path.write_bytes(result.stdout)
    return nonce


def synthetic(path: Path, profile: str = "de-an-06") -> str:
    """Write a framed output in which every collector of ``profile`` printed nothing and
    exited 0 (a host that parses, instantly, without running anything); its nonce."""
    nonce = new_nonce()
    plan = ScanPlan.of(load_profile(profile, load_checks()))
    frames = "".join(
        f"\036BEGIN {nonce} {c.name}\n\n\036END {nonce} {c.name} 0\n" for c in plan.collectors
    )
    path.write_text(f"\036START {nonce} uid=0\n{frames}\036DONE {nonce}\n")
    return nonce


def recorded_nonce(path: Path) -> str:
    """The nonce of a recording, from its start line."""
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    if not first.startswith("\036START "):
        raise ValueError(f"{path} is not a facts output (no start line)")
    return first.split()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("-p", "--profile", default="de-an-06")
    parser.add_argument("--ssh", help="ssh command line logging in to the host to record")
    parser.add_argument("--sudo", action="store_true", help="run the script under sudo -n")
    parser.add_argument("--synthetic", action="store_true", help="empty outputs, nothing run")
    args = parser.parse_args(argv)
    if args.synthetic:
        synthetic(args.output, args.profile)
        return 0
    runner = (["sudo", "-n"] if args.sudo else []) + ["sh", "-s"]
    if args.ssh:
        runner = [*shlex.split(args.ssh), shlex.join(runner)]
    nonce = record(runner, args.output, args.profile)
    print(f"{args.output}: {args.output.stat().st_size} bytes, nonce {nonce}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
