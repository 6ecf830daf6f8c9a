"""Unit tests of the lab's pure parts (no root needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.inventory import load_inventory
from auditor.registry import load_checks
from tests.lab import fixtures, layers, net, ntp_server, packages, qemu, scenarios, withheld
from tests.lab.config import RELEASES, VM_COMMAND_TIMEOUT
from tests.lab.host import Host
from tests.lab.inventory import inventory, write_inventory
from tests.lab.vm_host import VmHost

POLICY = """\
libevent-2.1-7:
  Installed: 2.1.12-stable-8+deb12u1
  Candidate: 2.1.12-stable-8+deb12u1
  Version table:
 *** 2.1.12-stable-8+deb12u1 500
        500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
        100 /var/lib/dpkg/status
     2.1.12-stable-8 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
less:
  Installed: 590-2.1~deb12u2
  Candidate: 590-2.1~deb12u2
  Version table:
 *** 590-2.1~deb12u2 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
        500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
        100 /var/lib/dpkg/status
perl-base:
  Installed: 5.36.0-7+deb12u4
  Candidate: 5.36.0-7+deb12u4
  Version table:
 *** 5.36.0-7+deb12u4 500
        500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
        100 /var/lib/dpkg/status
     5.36.0-7+deb12u3 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
"""
INSTALLED = """\
libevent-2.1-7\t2.1.12-stable-8+deb12u1\tlibevent\toptional\tlibs
less\t590-2.1~deb12u2\tless\timportant\ttext
perl-base\t5.36.0-7+deb12u4\tperl\trequired\tperl
perl\t5.36.0-7+deb12u4\tperl\tstandard\tperl
"""


def test_policy_parsing_and_withheld_choice() -> None:
    policies = withheld.parse_policy(POLICY)
    assert policies["libevent-2.1-7"].suites == {
        "2.1.12-stable-8+deb12u1": ["bookworm-security"],
        "2.1.12-stable-8": ["bookworm"],
    }
    assert policies["less"].suites["590-2.1~deb12u2"] == ["bookworm", "bookworm-security"]
    chosen = withheld.candidates("bookworm", withheld.parse_installed(INSTALLED), policies)
    assert chosen == [
        withheld.Withheld("libevent-2.1-7", "2.1.12-stable-8", "2.1.12-stable-8+deb12u1")
    ]


def test_downgrade_must_change_one_package_only() -> None:
    alone = "Inst libevent-2.1-7 [2.1.12-stable-8+deb12u1] (2.1.12-stable-8 Debian:12)\n"
    assert withheld.downgrade_is_alone(alone, "libevent-2.1-7")
    coupled = alone + "Inst libevent-core [1] (0 Debian:12)\n"
    assert not withheld.downgrade_is_alone(coupled, "libevent-2.1-7")
    assert not withheld.downgrade_is_alone(alone + "Remv cron [3]\n", "libevent-2.1-7")


def test_package_lists_common_and_per_release(tmp_path: Path) -> None:
    (tmp_path / "common.txt").write_text("sudo  # comment\n# only a comment\n\nless\n")
    (tmp_path / "bullseye-extra.txt").write_text("libpam-tally\n")
    assert packages.packages_for("bookworm", tmp_path) == ["less", "sudo"]
    assert packages.packages_for("bullseye", tmp_path) == ["less", "libpam-tally", "sudo"]


def test_shipped_package_lists_have_the_basics() -> None:
    for release in RELEASES:
        names = packages.packages_for(release)
        assert {"openssh-server", "sudo", "rsyslog"} <= set(names)


def test_scenario_header() -> None:
    text = (
        "#!/bin/sh\n# scenario: telnet is on\n# release: bullseye\n# role: terminal\n"
        "# expect-fail: a_check b_check\n# expect-fail: c_check\n# verify: true\n"
        "echo hi\n# not: a header\n"
    )
    scenario = scenarios.parse("net_x", text)
    assert scenario.summary == "telnet is on"
    assert scenario.release == "bullseye"
    assert scenario.expect_fail == ("a_check", "b_check", "c_check")
    assert scenario.verify == ("true",)
    assert scenario.hostname == "net-x"
    assert scenario.role == "terminal"
    assert scenarios.parse("plain", "# scenario: x\n").role == "server"
    with pytest.raises(scenarios.ScenarioError):
        scenarios.parse("no_header", "#!/bin/sh\ntrue\n")
    with pytest.raises(scenarios.ScenarioError):
        scenarios.parse("Bad-Name", "# scenario: x\n")
    with pytest.raises(scenarios.ScenarioError):
        scenarios.parse("old", "# scenario: x\n# release: jessie\n")


def test_a_misbehaving_host_says_how_its_scan_ends_and_gets_its_own_timeout(
    tmp_path: Path,
) -> None:
    hang = scenarios.parse("host_hang", "# scenario: hangs\n# host: error\n# timeout: 15\n")
    assert (hang.hostile, hang.host, hang.timeout) == (True, "error", 15)
    assert not scenarios.parse("plain", "# scenario: x\n").hostile
    with pytest.raises(scenarios.ScenarioError, match="host must be one of"):
        scenarios.parse("bad", "# scenario: x\n# host: broken\n")
    with pytest.raises(scenarios.ScenarioError, match="whole seconds"):
        scenarios.parse("bad", "# scenario: x\n# timeout: soon\n")
    host = Host(hang, "127.0.10.9", tmp_path, tmp_path, tmp_path / "k", tmp_path / "kh")
    (entry,) = inventory([host])["units"][0]["hosts"]
    assert entry["timeouts"] == {"command": 15, "host": 45}


def test_vm_scenario_header(tmp_path: Path) -> None:
    vm = scenarios.parse("vm_x", "# scenario: x\n# machine: vm\n# role: terminal\n# disk: plain\n")
    assert (vm.machine, vm.disk) == ("vm", "plain")
    guest = VmHost(vm, "127.0.10.9", tmp_path, tmp_path, tmp_path / "k", tmp_path / "kh")
    (entry,) = inventory([guest])["units"][0]["hosts"]
    assert entry["timeouts"] == {"command": VM_COMMAND_TIMEOUT, "host": 3 * VM_COMMAND_TIMEOUT}
    assert scenarios.reference_for(vm) == "baseline_vm_terminal"
    server = scenarios.parse("vm_y", "# scenario: y\n# machine: vm\n")
    assert (server.disk, scenarios.reference_for(server)) == ("luks", "baseline_vm")
    namespace = scenarios.parse("ns", "# scenario: z\n# role: terminal\n")
    assert (namespace.machine, scenarios.reference_for(namespace)) == (
        "namespace",
        "baseline_terminal",
    )
    for bad in (
        "# machine: container\n",
        "# machine: vm\n# disk: zfs\n",
        "# machine: vm\n# release: bullseye\n",
        "# disk: plain\n",
    ):
        with pytest.raises(scenarios.ScenarioError):
            scenarios.parse("bad", f"# scenario: x\n{bad}")


def test_vm_command_line(tmp_path: Path) -> None:
    cmd = qemu.argv(
        kernel=tmp_path / "vmlinuz",
        initrd=tmp_path / "initrd",
        append="root=/dev/mapper/cryptroot ro",
        drives=[qemu.Drive(tmp_path / "luks.img", snapshot=True)],
        console=tmp_path / "console.log",
        netdev=qemu.forward("127.0.10.7", 2222),
        fw_cfg={"opt/auditor-lab/seed": tmp_path / "seed.tar"},
    )
    joined = " ".join(cmd)
    assert "hostfwd=tcp:127.0.10.7:2222-:22" in joined
    assert f"file={tmp_path / 'luks.img'},format=raw,if=virtio,cache=unsafe,snapshot=on" in cmd
    assert "console=ttyS0 root=/dev/mapper/cryptroot ro" in cmd
    assert f"name=opt/auditor-lab/seed,file={tmp_path / 'seed.tar'}" in cmd
    # The only listening socket QEMU opens is the forward on the host's loopback address.
    assert joined.count("hostfwd=") == 1 and "guestfwd" not in joined


def test_shipped_scenarios() -> None:
    found = scenarios.discover()
    assert next(iter(found)) == scenarios.BASELINE
    assert not found[scenarios.BASELINE].expect_fail
    for scenario in found.values():
        assert re.fullmatch(r"[a-z0-9-]+", scenario.hostname)
        if scenarios.is_reference(scenario):
            assert not scenario.expect_fail, scenario.name
        elif scenario.hostile:
            assert not scenario.expect_fail and not scenario.verify, scenario.name
        else:
            assert scenario.expect_fail, scenario.name
            assert scenario.verify, scenario.name
            assert scenarios.reference_for(scenario) in found, scenario.name
    assert found["patch_eol_release"].release == "bullseye"
    vms = {name for name, scenario in found.items() if scenario.machine == "vm"}
    assert {"baseline_vm", "baseline_vm_terminal", "vm_plain_disk"} <= vms


def test_every_check_has_a_failing_scenario() -> None:
    checks = set(load_checks())
    expected = {cid for s in scenarios.discover().values() for cid in s.expect_fail}
    assert expected - checks == set(), "scenarios expect unknown checks"
    assert checks - expected == set(), "checks that no lab scenario makes fail"


def test_fragment_edit_changes_baseline_key_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base_before = layers.base_layer("bookworm").key
    baseline_before = layers.baseline_layer("bookworm").key
    (tmp_path / "10-x.sh").write_text("true\n")
    monkeypatch.setattr(layers, "BASELINE_DIR", tmp_path)
    assert layers.base_layer("bookworm").key == base_before
    assert layers.baseline_layer("bookworm").key != baseline_before
    assert layers.baseline_layer("bullseye").path.name.startswith("bullseye-")


def test_inventory_document(tmp_path: Path) -> None:
    scenario = scenarios.Scenario("baseline", "nothing")
    host = Host(scenario, "127.0.10.1", tmp_path, tmp_path, tmp_path / "k", tmp_path / "kh")
    doc = inventory([host])
    assert doc["defaults"] == {
        "user": "auditor",
        "port": 2222,
        "identity_file": str(tmp_path / "k"),
        "known_hosts": str(tmp_path / "kh"),
        "sudo": True,
    }
    assert doc["units"][0]["hosts"] == [
        {"name": "baseline", "address": "127.0.10.1", "role": "server", "roster": ["auditor"]}
    ]


def test_inventory_lists_devices_apart_and_the_auditor_reads_them(tmp_path: Path) -> None:
    server = scenarios.parse("baseline", "# scenario: x\n")
    device = scenarios.parse("net_cam", "# scenario: a camera\n# role: device\n")
    assert device.network_only and not server.network_only
    assert scenarios.reference_for(device) == "baseline"
    hosts = [
        Host(s, f"127.0.10.{n}", tmp_path, tmp_path, tmp_path / "k", tmp_path / "kh")
        for n, s in ((1, server), (2, device))
    ]
    unit = inventory(hosts)["units"][0]
    assert [h["name"] for h in unit["hosts"]] == ["baseline"]
    assert unit["devices"] == [{"name": "net_cam", "address": "127.0.10.2"}]
    specs = {s.name: s for s in load_inventory(write_inventory(hosts, tmp_path / "i.yaml")).hosts()}
    assert (specs["net_cam"].role, specs["net_cam"].network_only) == ("device", True)
    assert (specs["baseline"].role, specs["baseline"].network_only) == ("server", False)


def test_listeners_from_proc_table() -> None:
    table = (
        "  sl  local_address rem_address   st tx_queue\n"
        "   0: 010A007F:08AE 00000000:0000 0A 00000000:00000000\n"
        "   1: 0100007F:0016 0100007F:D000 01 00000000:00000000\n"
    )
    assert net.parse_listeners(table) == {("127.0.10.1", 2222)}
    assert net.port_taken("127.0.10.1", 2222, {("127.0.10.1", 2222)})
    assert net.port_taken("127.0.10.9", 2222, {("0.0.0.0", 2222)})
    assert not net.port_taken("127.0.10.9", 2222, {("127.0.10.1", 2222)})


def test_unusable_lab_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixtures.os, "geteuid", lambda: 1000)
    assert "root" in (fixtures.unavailable_reason() or "")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        fixtures.require_lab()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        fixtures.require_lab()


def test_ntp_reply() -> None:
    transmit = ntp_server.ntp_time(1_700_000_000.25)
    request = bytes([(4 << 3) | 3, 0, 6, 0]) + bytes(36) + transmit
    reply = ntp_server.answer(request, 1_700_000_000.5, 1_700_000_000.75)
    assert reply is not None and len(reply) == 48
    assert reply[0] == (4 << 3) | 4  # leap 0, version 4, server
    assert reply[1] == 1 and reply[2] == 6
    assert reply[24:32] == transmit  # origin echoes the client's transmit time
    assert reply[40:48] == ntp_server.ntp_time(1_700_000_000.75)
    assert ntp_server.answer(bytes([(4 << 3) | 4]) + bytes(47), 0, 0) is None
