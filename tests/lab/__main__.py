"""Command line: ``python -m tests.lab build | up SCENARIO... | down --all | list``."""

from __future__ import annotations

import argparse
import sys

from tests.lab import build, scenarios
from tests.lab.config import RELEASES, VM_RELEASE
from tests.lab.inventory import write_inventory
from tests.lab.lab import Lab, LabError
from tests.lab.signals import interrupt_on_termination
from tests.lab.sweep import remove_lab, sweep


def _build(args: argparse.Namespace) -> int:
    releases = args.release or RELEASES
    for release, path in build.ensure_all(releases).items():
        print(f"{release}: {path}")
    if VM_RELEASE in releases:
        print(f"{VM_RELEASE} virtual machines: {build.ensure_vm()}")
    if not args.keep_old:
        for path in build.prune():
            print(f"pruned {path}")
    return 0


def _up(args: argparse.Namespace) -> int:
    chosen = scenarios.select([] if args.all else args.scenarios)
    lab = Lab(args.lab_id, persistent=True).open()
    try:
        hosts = lab.up(chosen)
    except (LabError, KeyboardInterrupt):
        lab.close()
        raise
    inventory = write_inventory(hosts, lab.run_dir / "inventory.yaml")
    print(f"lab {lab.id}: {lab.run_dir}")
    print(f"  key:         {lab.key_path}")
    print(f"  known_hosts: {lab.known_hosts_path}")
    print(f"  inventory:   {inventory}")
    for host in hosts:
        expect = " ".join(host.expect_fail) or "-"
        print(
            f"  {host.name:32} {host.address}:{host.port}  {host.release:9} expect-fail: {expect}"
        )
    first = hosts[0]
    print(
        f"ssh -i {lab.key_path} -o UserKnownHostsFile={lab.known_hosts_path} "
        f"-p {first.port} {first.user}@{first.address}"
    )
    print(f"tear down: python -m tests.lab down {lab.id}")
    return 0


def _down(args: argparse.Namespace) -> int:
    if args.all:
        removed = sweep(everything=True)
    else:
        removed = []
        for lab_id in args.labs:
            lab_dir = Lab(lab_id).run_dir
            if lab_dir.exists():
                remove_lab(lab_dir)
                removed.append(lab_dir)
    for path in removed:
        print(f"removed {path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    for scenario in scenarios.discover().values():
        expect = " ".join(scenario.expect_fail) or "-"
        machine = scenario.machine if scenario.machine == "namespace" else f"vm/{scenario.disk}"
        print(f"{scenario.name:24} {scenario.release:9} {machine:9} {expect:28} {scenario.summary}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m tests.lab``."""
    root = argparse.ArgumentParser(prog="python -m tests.lab", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "build", help="build the cached images (both releases and the VM images by default)"
    )
    p.add_argument("--release", action="append", choices=RELEASES)
    p.add_argument("--keep-old", action="store_true", help="do not prune outdated layers")
    p.set_defaults(run=_build)

    p = sub.add_parser("up", help="boot hosts for manual use; they run until 'down'")
    p.add_argument("scenarios", nargs="*", help="scenario names (see 'list')")
    p.add_argument("--all", action="store_true", help="every scenario")
    p.add_argument("--lab-id")
    p.set_defaults(run=_up)

    p = sub.add_parser("down", help="tear labs down")
    p.add_argument("labs", nargs="*", help="lab ids")
    p.add_argument("--all", action="store_true", help="every lab, including leftovers")
    p.set_defaults(run=_down)

    p = sub.add_parser("list", help="list scenarios")
    p.set_defaults(run=_list)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "up" and not (args.scenarios or args.all):
        parser().error("up: name scenarios or pass --all")
    if args.command == "down" and not (args.labs or args.all):
        parser().error("down: name labs or pass --all")
    try:
        with interrupt_on_termination():
            return args.run(args)
    except (build.BuildError, LabError, scenarios.ScenarioError) as exc:
        print(f"lab: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lab: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
