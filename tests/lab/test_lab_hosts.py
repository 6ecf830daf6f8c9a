"""The lab itself: every host boots, answers SSH with sudo, and carries its misconfiguration."""

from __future__ import annotations

import ipaddress
import re
import subprocess

import pytest

from tests.lab import procs, scenarios, ssh
from tests.lab.config import RUN_ROOT
from tests.lab.fixtures import booted
from tests.lab.host import Host
from tests.lab.lab import Lab
from tests.lab.mounts import mounts_under

pytestmark = pytest.mark.lab

SCENARIOS = list(scenarios.discover().values())


def test_every_scenario_boots(lab: Lab, lab_hosts: dict[str, Host]) -> None:
    assert not lab.failures, "\n".join(lab.failures.values())
    assert list(lab_hosts) == [s.name for s in SCENARIOS]


def test_every_host_answers_ssh_with_sudo(lab_hosts: dict[str, Host]) -> None:
    for host in (h for h in lab_hosts.values() if not h.scenario.hostile):
        result = ssh.run(host, "hostname; echo 'id -u' | sudo -n sh -s")
        assert result.returncode == 0, f"{host.name}: {result.stderr}"
        assert result.stdout.split() == [host.hostname, "0"], host.name


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_is_in_place(
    lab: Lab, lab_hosts: dict[str, Host], scenario: scenarios.Scenario
) -> None:
    host = booted(lab_hosts, lab, scenario.name)
    for command in scenario.verify:
        result = ssh.run_as_root(host, command, env=host.env())
        assert result.returncode == 0, f"{scenario.name}: `{command}` failed: {result.stderr}"


def test_sshd_listens_on_own_address_only(lab_hosts: dict[str, Host]) -> None:
    listening = subprocess.run(
        ["ss", "-Htln", "sport = :2222"], capture_output=True, text=True, check=True
    ).stdout
    for host in lab_hosts.values():
        assert f"{host.address}:2222 " in listening
    assert "0.0.0.0:2222 " not in listening and "*:2222 " not in listening


def test_lab_traffic_stays_on_loopback(lab_hosts: dict[str, Host]) -> None:
    lab_pids = set(procs.belonging_to(RUN_ROOT))
    sockets = subprocess.run(
        ["ss", "-Htunap"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for line in sockets:
        pids = {int(p) for p in re.findall(r"pid=(\d+)", line)}
        if not pids & lab_pids:
            continue
        peer = line.split()[5].rsplit(":", 1)[0].strip("[]").split("%")[0]
        if peer in ("*", "0.0.0.0", "::"):
            continue
        address = ipaddress.ip_address(peer)
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        assert address.is_loopback, line


def test_teardown_leaves_nothing() -> None:
    known = scenarios.discover()
    with Lab() as lab:
        hosts = lab.up([known[scenarios.BASELINE], known["vm_plain_disk"]])
        run_dir = lab.run_dir
        assert all(host.accepts_ssh() for host in hosts)
        vm = hosts[1].process
        assert vm is not None and vm.pid in procs.belonging_to(run_dir)  # found by a sweep too
    assert not run_dir.exists()
    assert not mounts_under(run_dir)
    assert not procs.belonging_to(run_dir)
    assert not any(host.accepts_ssh() for host in hosts)
