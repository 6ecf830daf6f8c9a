"""Scenario files: ``scenarios/<name>.sh`` with a header of ``# key: value`` comment lines.

Header keys: ``scenario`` (one-line summary, required), ``release`` (default bookworm),
``role`` (the host's inventory role, default ``server``; e.g. ``terminal``; ``device``: listed
under the unit's ``devices``, audited from the network alone, without a login),
``machine`` (``namespace``, the default, or ``vm``: a QEMU guest with its own kernel, disk and
address, bookworm only), ``disk`` (vm only: ``luks``, the default, or ``plain``),
``expect-fail`` (check ids that must fail on the host; may repeat) and ``verify`` (a shell
command, run with sudo on the booted host, that must succeed when the misconfiguration is
present; may repeat), ``host`` (how the scan must end for a host that misbehaves on purpose,
one of :data:`HOST_OUTCOMES`; such a host expects no failing check and needs no verify line: its
SSH login is what is broken) and ``timeout``
(seconds: the host's command timeout in the lab inventory, its deadline three times that).
The body is POSIX sh run as root chrooted in the host (after the
baseline, before boot) with LAB_ADDRESS, LAB_HOSTNAME and LAB_USER set; on a vm it runs as
root on the booted guest, after its services started and before sshd starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.lab.config import DEFAULT_RELEASE, RELEASES, SCENARIOS_DIR, VM_RELEASE

BASELINE = "baseline"
DEVICE = "device"  # the inventory role of hosts audited without a login
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_ROLE = re.compile(r"^[a-z][a-z0-9_-]*$")
MACHINES = ("namespace", "vm")
DISKS = ("luks", "plain")
# How the scan ends for a host: ``ok`` (an ordinary scenario); for one that misbehaves on purpose,
# ``audited`` (fully audited as root all the same), ``ok-without-root``, ``ok-with-errors``
# (audited as root, some facts lost with a reason) or a failed host status.
HOST_OUTCOMES = (
    "ok", "audited", "ok-without-root", "ok-with-errors", "error", "auth_failed", "unreachable",
)  # fmt: skip
_HEADER = re.compile(r"^#\s*([a-z-]+):\s*(.*?)\s*$")


class ScenarioError(ValueError):
    """A scenario file is malformed or unknown."""


@dataclass(frozen=True)
class Scenario:
    """One lab host recipe."""

    name: str
    summary: str
    release: str = DEFAULT_RELEASE
    expect_fail: tuple[str, ...] = ()
    verify: tuple[str, ...] = ()
    path: Path | None = None
    role: str = "server"
    machine: str = "namespace"
    disk: str = "luks"
    host: str = "ok"  # how the scan ends for this host: ok, a host status, or ok-without-root
    timeout: int | None = None

    @property
    def hostile(self) -> bool:
        """The host misbehaves on purpose: its SSH login or its sudo is what is broken."""
        return self.host != "ok"

    @property
    def network_only(self) -> bool:
        """The auditor judges the host from the network scan alone: it is a device."""
        return self.role == DEVICE

    @property
    def hostname(self) -> str:
        return self.name.replace("_", "-")


def is_reference(scenario: Scenario) -> bool:
    """True for the unchanged baselines (``baseline``, ``baseline_<role>``)."""
    return scenario.name == BASELINE or scenario.name.startswith(f"{BASELINE}_")


def reference_for(scenario: Scenario) -> str:
    """The baseline host a scenario is compared with: the one of the same machine and role
    (``baseline``, ``baseline_<role>``, ``baseline_vm``, ``baseline_vm_<role>``). A device
    (network checks only) has no baseline of its own: it is compared with the server's."""
    name = BASELINE if scenario.machine == "namespace" else f"{BASELINE}_{scenario.machine}"
    return name if scenario.role in ("server", DEVICE) else f"{name}_{scenario.role}"


def parse(name: str, text: str, path: Path | None = None) -> Scenario:
    """Read a scenario's header (the leading comment block)."""
    if not _NAME.match(name):
        raise ScenarioError(f"{name}: scenario names are lower_snake_case")
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#!"):
            continue
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            fields.setdefault(match.group(1), []).append(match.group(2))
    if not fields.get("scenario"):
        raise ScenarioError(f"{name}: missing '# scenario: <summary>' header")
    release = fields.get("release", [DEFAULT_RELEASE])[-1]
    if release not in RELEASES:
        raise ScenarioError(f"{name}: unknown release {release!r}")
    role = fields.get("role", ["server"])[-1]
    if not _ROLE.match(role):
        raise ScenarioError(f"{name}: bad role {role!r}")
    machine = fields.get("machine", ["namespace"])[-1]
    if machine not in MACHINES:
        raise ScenarioError(f"{name}: machine must be one of {', '.join(MACHINES)}")
    disk = fields.get("disk", ["luks"])[-1]
    if disk not in DISKS:
        raise ScenarioError(f"{name}: disk must be one of {', '.join(DISKS)}")
    if machine == "vm" and release != VM_RELEASE:
        raise ScenarioError(f"{name}: virtual machines run {VM_RELEASE} only")
    if machine != "vm" and "disk" in fields:
        raise ScenarioError(f"{name}: only a vm has a disk of its own")
    expect = tuple(cid for value in fields.get("expect-fail", []) for cid in value.split())
    verify = tuple(fields.get("verify", []))
    summary = fields["scenario"][0]
    host = fields.get("host", ["ok"])[-1]
    if host not in HOST_OUTCOMES:
        raise ScenarioError(f"{name}: host must be one of {', '.join(HOST_OUTCOMES)}")
    timeout = fields.get("timeout", [""])[-1]
    if timeout and not timeout.isdigit():
        raise ScenarioError(f"{name}: timeout is whole seconds, not {timeout!r}")
    return Scenario(
        name, summary, release, expect, verify, path, role, machine, disk, host,
        int(timeout) if timeout else None,
    )  # fmt: skip


def discover(directory: Path = SCENARIOS_DIR) -> dict[str, Scenario]:
    """Every scenario in ``directory`` by name, the baseline first."""
    found = {
        path.stem: parse(path.stem, path.read_text(encoding="utf-8"), path)
        for path in sorted(directory.glob("*.sh"))
    }
    if BASELINE not in found:
        raise ScenarioError(f"no {BASELINE}.sh in {directory}")
    return {BASELINE: found.pop(BASELINE), **found}


def select(names: list[str], directory: Path = SCENARIOS_DIR) -> list[Scenario]:
    """The named scenarios (all when ``names`` is empty), the baseline first if included."""
    known = discover(directory)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ScenarioError(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return [s for n, s in known.items() if not names or n in names]
