"""Devices and network_only hosts in the inventory, the plan's network ports, and the audit of a
host without a login."""

from pathlib import Path

import pytest

from auditor.audit import HostAudit, ScanPlan, is_network_check
from auditor.errors import UsageError, ValidationFailed
from auditor.inventory import load_inventory
from auditor.network.discovery import Target, plan
from auditor.network.ports import parse_ports
from auditor.network.scanner import NetworkResult
from auditor.network.services import NetworkView, Service
from auditor.profiles import load_profile
from auditor.registry import load_checks
from tests.specs import host_spec

INVENTORY = """\
units:
  - id: q1
    name: Quận 1
    networks: [127.0.61.0/28]
    terminals:
      - {name: mc1, address: 127.0.61.2}
      - {name: mc2, address: 127.0.61.3, network_only: true}
    devices:
      - {name: cam1, address: 127.0.61.9}
    children:
      - {id: p1, name: Phường 1, networks: [127.0.62.0/29, 127.0.63.1]}
"""


def inventory(tmp_path: Path, text: str = INVENTORY):
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    return load_inventory(path)


def test_devices_and_network_only_entries_are_audited_without_a_login(tmp_path):
    hosts = {h.name: h for h in inventory(tmp_path).hosts()}
    assert (hosts["cam1"].role, hosts["cam1"].network_only) == ("device", True)
    assert (hosts["mc2"].role, hosts["mc2"].network_only) == ("terminal", True)
    assert not hosts["mc1"].network_only


def test_units_name_the_ranges_discovery_searches(tmp_path):
    inv = inventory(tmp_path)
    assert plan([], None, inv) == [
        Target("q1", "127.0.61.0/28"), Target("p1", "127.0.62.0/29"), Target("p1", "127.0.63.1/32"),
    ]  # fmt: skip
    assert plan(["127.0.64.0/30"], "p1", inv) == [Target("p1", "127.0.64.0/30")]
    with pytest.raises(UsageError, match="unit 'nope' is not in the inventory"):
        plan(["127.0.64.1"], "nope", inv)
    with pytest.raises(UsageError, match="name the ranges to search"):
        plan([], None, None)


def test_a_range_that_is_not_one_is_a_located_problem(tmp_path):
    with pytest.raises(ValidationFailed) as caught:
        inventory(tmp_path, "units: [{id: a, name: A, networks: [10.1.2.0/33]}]\n")
    assert "is not an address range" in str(caught.value.problems[0].render())


CHECKS = load_checks()


def write_profile(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(f"id: p\ntitle: {{vi: P, en: P}}\nextends: de-an-06\n{body}", encoding="utf-8")
    return path


def test_each_role_scans_the_ports_its_profile_names(tmp_path):
    profile = load_profile(
        str(write_profile(tmp_path, "parameters: {exposed_ports: {scan_ports: '22,top:2'}}\n")),
        CHECKS,
    )
    network = ScanPlan.of(profile).network_ports
    assert network["server"] == network["terminal"] == parse_ports("22,80,23")


def test_a_port_list_the_scan_cannot_use_stops_it_before_any_host(tmp_path):
    bad = write_profile(tmp_path, "parameters: {exposed_ports: {scan_ports: '22,99999'}}\n")
    with pytest.raises(UsageError, match="the ports of the network scan: '99999' is not a port"):
        ScanPlan.of(load_profile(str(bad), CHECKS))


def test_network_checks_read_nothing_but_the_network_and_the_inventory():
    assert is_network_check(CHECKS["exposed_ports"])
    assert not is_network_check(CHECKS["ssh_root_login"])


class Network:
    """The part of a network scan the audit asks for, as the scanner hands it over."""

    def __init__(self, view: NetworkView) -> None:
        self.view = view
        self.asked: list[str] = []

    def result(self, spec, timeout):
        self.asked.append(spec.name)
        return NetworkResult(self.view, "", "<host/>")


def no_login(spec):
    raise AssertionError(f"{spec.name} must not be logged in to")


def test_a_device_gets_only_network_checks_and_no_login():
    profile = load_profile("de-an-06", CHECKS)
    device = host_spec("cam1", "127.0.61.9", role="device", network_only=True, port=22)
    view = NetworkView("127.0.61.9", (Service(23, "tcp", "telnet"),))
    network = Network(view)
    report = HostAudit(device, ScanPlan.of(profile), no_login, network).run()
    assert report.status == "ok" and report.network_only and report.exec_count == 0
    assert network.asked == ["cam1"] and report.network_xml == "<host/>"
    assert report.results and all(is_network_check(CHECKS[r.check_id]) for r in report.results)
    exposed = next(r for r in report.results if r.check_id == "exposed_ports")
    assert exposed.status == "fail"


@pytest.mark.parametrize(
    "profile_id",
    [
        "de-an-06",
        "tcvn-11930-level3",
        "tcvn-11930-level4",
        "tcvn-14423-level3",
        "tcvn-14423-level4",
    ],
)
def test_a_device_runs_the_network_checks_of_its_requirements_and_nothing_else(profile_id):
    profile = load_profile(profile_id, CHECKS)
    device_checks = {c.id for c in profile.checks_for("device")}
    assert {"exposed_ports", "network_cleartext_services", "network_tls_protocols"} <= device_checks
    assert all(is_network_check(CHECKS[c]) for c in device_checks)
    for req in profile.content()["requirements"]:
        for e in req["evidence"]:
            if "device" in e["roles"]:
                assert is_network_check(CHECKS[e["check"]]), (req["id"], e["check"])
