"""Choose and fetch the "withheld security update" of an image.

At build time we look for an installed package whose candidate version is published only in
``<release>-security`` while the plain release suite has an older version, and which can be
downgraded alone. Its older .deb is stored in the image under ``WITHHELD_DIR`` with a file
``package`` (``name old-version candidate-version``); the scenario ``patch_security_withheld``
installs it so that ``apt-get -s upgrade`` lists a pending security update.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tests.lab.chroot import Bind, run_in_root
from tests.lab.config import WITHHELD_DIR

_VERSION_LINE = re.compile(r"^ (?:\*\*\*| {3}) (\S+) -?\d+$")
_SOURCE_LINE = re.compile(r"^\s+-?\d+ \S+ (\S+) \S+ Packages$")


class NoCandidate(RuntimeError):
    """No installed package qualifies as a withheld security update."""


@dataclass
class Policy:
    """One package in ``apt-cache policy`` output: candidate and the suites of each version."""

    name: str
    installed: str
    candidate: str
    suites: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Installed:
    """An installed binary package as dpkg reports it."""

    name: str
    version: str
    source: str
    priority: str
    section: str


@dataclass(frozen=True)
class Withheld:
    """The chosen package: installed (security) version and the older release version."""

    name: str
    old_version: str
    candidate: str


def parse_policy(text: str) -> dict[str, Policy]:
    """Parse ``apt-cache policy PKG...`` output into policies keyed by package name."""
    policies: dict[str, Policy] = {}
    current: Policy | None = None
    version: str | None = None
    for line in text.splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            current = Policy(line[:-1], "", "")
            policies[current.name] = current
            version = None
        elif current is None:
            continue
        elif line.strip().startswith("Installed:"):
            current.installed = line.split(":", 1)[1].strip()
        elif line.strip().startswith("Candidate:"):
            current.candidate = line.split(":", 1)[1].strip()
        elif match := _VERSION_LINE.match(line):
            version = match.group(1)
            current.suites.setdefault(version, [])
        elif (match := _SOURCE_LINE.match(line)) and version is not None:
            current.suites[version].append(match.group(1).split("/")[0])
    return policies


def parse_installed(text: str) -> list[Installed]:
    """Parse tab-separated dpkg-query lines: package, version, source, priority, section."""
    rows = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append(Installed(*parts))
    return rows


def candidates(
    release: str, installed: list[Installed], policies: dict[str, Policy]
) -> list[Withheld]:
    """Qualifying packages, best first (libraries, then by name).

    Qualifies: installed at its candidate version, which comes only from ``<release>-security``;
    an older version exists in the plain ``<release>`` suite; no other binary of the same source
    package is installed; priority optional or extra (nothing the system cannot live without).
    """
    by_source: dict[str, int] = {}
    for pkg in installed:
        by_source[pkg.source] = by_source.get(pkg.source, 0) + 1
    found: list[tuple[bool, str, Withheld]] = []
    for pkg in installed:
        policy = policies.get(pkg.name)
        if policy is None or policy.installed != policy.candidate:
            continue
        if policy.suites.get(policy.candidate) != [f"{release}-security"]:
            continue
        older = [v for v, suites in policy.suites.items() if release in suites]
        if not older or by_source[pkg.source] != 1:
            continue
        if pkg.priority not in ("optional", "extra"):
            continue
        choice = Withheld(pkg.name, older[0], policy.candidate)
        found.append((not pkg.section.endswith("libs"), pkg.name, choice))
    return [choice for *_, choice in sorted(found, key=lambda item: item[:2])]


def downgrade_is_alone(simulation: str, name: str) -> bool:
    """True when an ``apt-get -s install`` transcript changes only ``name``."""
    changed = [line.split()[1] for line in simulation.splitlines() if line.startswith("Inst ")]
    removed = [line for line in simulation.splitlines() if line.startswith("Remv ")]
    return changed == [name] and not removed


def prepare(root: Path, release: str, log: IO[str], apt_cache: Path) -> Withheld:
    """Choose the withheld package of the image at ``root`` and download its older .deb."""

    def run(argv: list[str], *, network: bool = False) -> str:
        binds = [Bind(apt_cache, "/var/cache/apt/archives", read_only=False)]
        return run_in_root(root, argv, network=network, binds=binds, log=log, capture=True)

    fmt = "${Package}\t${Version}\t${source:Package}\t${Priority}\t${Section}\n"
    installed = parse_installed(run(["dpkg-query", "-W", "-f", fmt]))
    policies = parse_policy(run(["apt-cache", "policy", *[p.name for p in installed]]))
    for choice in candidates(release, installed, policies):
        if _is_older(run, choice) and _downgrades_alone(run, choice):
            break
    else:
        raise NoCandidate(
            f"{release}: no installed package has a security-only update that can be downgraded "
            "alone; add a suitable package to tests/lab/packages/"
        )
    script = (
        f"mkdir -p {WITHHELD_DIR} && cd {WITHHELD_DIR} && "
        f'apt-get download "$1=$2" && echo "$1 $2 $3" > package && ls -l'
    )
    run(
        ["/bin/sh", "-ec", script, "sh", choice.name, choice.old_version, choice.candidate],
        network=True,
    )
    return choice


def _is_older(run: Callable[[list[str]], str], choice: Withheld) -> bool:
    try:
        run(["dpkg", "--compare-versions", choice.old_version, "lt", choice.candidate])
    except RuntimeError:
        return False
    return True


def _downgrades_alone(run: Callable[[list[str]], str], choice: Withheld) -> bool:
    target = f"{choice.name}={choice.old_version}"
    return downgrade_is_alone(
        run(["apt-get", "-s", "install", "--allow-downgrades", target]), choice.name
    )
