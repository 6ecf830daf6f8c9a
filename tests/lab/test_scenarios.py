"""End to end: one real ``auditor scan`` of every lab host over SSH.

Each scenario's expected checks must fail on its host and pass on the baseline host of the same
machine kind and role (``baseline``, ``baseline_<role>``, ``baseline_vm``, ``baseline_vm_<role>``).
The namespace baselines fail only what docs/lab-baseline.md justifies; the virtual-machine
baselines, which have their own kernel, disk and address, fail nothing.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
import yaml

from auditor.audit import is_network_check
from auditor.diff import snapshot_changes
from auditor.probes import NETWORK_SCAN
from auditor.profiles import load_profile
from auditor.registry import load_checks
from auditor.snapshot import EPHEMERAL_UDP, Snapshot
from auditor.store.database import Store
from tests.lab import scenarios
from tests.lab.config import PORT, VM_NETWORK
from tests.lab.fixtures import booted
from tests.lab.host import Host
from tests.lab.inventory import write_inventory
from tests.lab.lab import Lab

pytestmark = pytest.mark.lab

SCENARIOS = [
    s for s in scenarios.discover().values() if not scenarios.is_reference(s) and not s.hostile
]
HOSTILE = [s for s in scenarios.discover().values() if s.hostile]
REFERENCES = [s for s in scenarios.discover().values() if scenarios.is_reference(s)]
NAMESPACE_REFERENCES = [s for s in REFERENCES if s.machine == "namespace"]
VM_REFERENCES = [s for s in REFERENCES if s.machine == "vm"]
DEVICES = [s for s in SCENARIOS if s.network_only]
SCAN_TIMEOUT = 900
BASELINE_DOC = Path(__file__).resolve().parents[2] / "docs" / "lab-baseline.md"
SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
# Checks whose running-state half judges the machine's kernel or firewall, which every lab host
# shares: in the lab they judge the host's own configuration files only.
SHARED_KERNEL_CHECKS = (
    "firewall_default_deny",
    "firewall_single_tool",
    "firewall_loopback_rules",
    "firewall_listening_ports_allowed",
    "nftables_ruleset_complete",
    "kernel_hardening",
    "ip_forwarding",
    "core_dumps_restricted",
    "usb_storage_disabled",
    "audit_boot_parameters",
)


def machine_wildcard_ports() -> list[int]:
    """TCP ports this machine listens on for every address, so on every lab host's address too."""
    out = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, check=True).stdout
    ports = set()
    for line in out.splitlines():
        local = line.split()[3]
        address, _, port = local.rpartition(":")
        if address in ("0.0.0.0", "*", "[::]"):
            ports.add(int(port))
    return sorted(ports)


def approved_networks() -> list[str]:
    """The lab's IP plan: loopback (inventory addresses), the networks of this machine's global
    addresses (which namespace hosts share) and the virtual machines' network."""
    out = subprocess.run(
        ["ip", "-o", "address", "show", "scope", "global"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    shared = {
        str(ipaddress.ip_interface(fields[3]).network)
        for fields in (line.split() for line in out.splitlines())
        if fields[2] in ("inet", "inet6")
    }
    return ["127.0.0.0/8", *sorted(shared), VM_NETWORK]


# The team's leaked-credentials list: the account of cred_common_password, with its password.
LEAKED = "canbo:123456a@\nnobody-here\n"


def write_lab_profile(path: Path) -> Path:
    """The default profile with the lab's parameters (see docs/lab-baseline.md)."""
    wildcard = machine_wildcard_ports()
    networks = approved_networks()
    leaked = path.with_name("leaked.txt")
    leaked.write_text(LEAKED, encoding="utf-8")
    profile = {
        "id": "lab",
        "title": {"vi": "Phòng thí nghiệm", "en": "Lab"},
        "extends": "de-an-06",
        "parameters": {
            **{check: {"check_running_state": False} for check in SHARED_KERNEL_CHECKS},
            "leaked_accounts": {"path": str(leaked)},
            "host_address_in_zone": {
                "allowed_networks_server": networks,
                "allowed_networks_terminal": networks,
            },
            "exposed_ports": {
                "allowed_ports_server": [22, *wildcard],
                "allowed_ports_terminal": wildcard,
                # the lab's sshd runs on every host, devices too, whose SSH port is not implied
                "allowed_ports_device": [PORT, *wildcard],
            },
        },
    }
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    return path


def auditor_command() -> list[str]:
    """The installed ``auditor`` script of this interpreter, else the CLI module."""
    script = Path(sys.executable).with_name("auditor")
    if script.exists():
        return [str(script)]
    found = shutil.which("auditor")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from auditor.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def report(lab_hosts: dict[str, Host], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON report of one scan of all lab hosts; hosts indexed by name under ``by_name``."""
    work = tmp_path_factory.mktemp("scan")
    inventory = write_inventory(list(lab_hosts.values()), work / "inventory.yaml")
    out = work / "report.json"
    profile = write_lab_profile(work / "lab-profile.yaml")
    auth_logs = {s.name: _auth_log(lab_hosts[s.name]) for s in DEVICES if s.name in lab_hosts}
    before = {name: log.stat().st_size if log.exists() else 0 for name, log in auth_logs.items()}
    cmd = [
        *auditor_command(), "scan", "-i", str(inventory), "--profile", str(profile),
        "--format", "json", "-o", str(out), "--db", str(work / "db.sqlite"), "--concurrency", "4",
    ]  # fmt: skip
    result = subprocess.run(
        cmd, capture_output=True, text=True, timeout=SCAN_TIMEOUT, stdin=subprocess.DEVNULL
    )
    if not out.exists():
        pytest.fail(
            f"auditor scan exited {result.returncode} without a report\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    data = json.loads(out.read_text())
    data["db"], data["out"] = str(work / "db.sqlite"), str(out)
    data["exit_code"] = result.returncode
    data["stderr"] = result.stderr[-3000:]
    data["by_name"] = {host["name"]: host for host in data["hosts"]}
    # what each device's sshd logged while the scan ran
    data["auth_log"] = {
        name: log.read_bytes()[before[name] :].decode(errors="replace") if log.exists() else ""
        for name, log in auth_logs.items()
    }
    return data


def _auth_log(host: Host) -> Path:
    """The host's /var/log/auth.log, read from this machine: the overlay's upper directory
    holds every file the host wrote."""
    return host.run_dir / "upper" / "var" / "log" / "auth.log"


@pytest.fixture(scope="module")
def default_profile_report(
    lab_hosts: dict[str, Host], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The baseline hosts scanned with the unmodified default profile."""
    work = tmp_path_factory.mktemp("default")
    references = [lab_hosts[s.name] for s in REFERENCES]
    inventory = write_inventory(references, work / "inventory.yaml")
    out = work / "report.json"
    cmd = [*auditor_command(), "scan", "-i", str(inventory), "-o", str(out), "-q",
           "--db", str(work / "db.sqlite")]  # fmt: skip
    subprocess.run(cmd, timeout=SCAN_TIMEOUT, stdin=subprocess.DEVNULL, check=False)
    return {host["name"]: host for host in json.loads(out.read_text())["hosts"]}


def documented(heading: str) -> set[str]:
    """Check ids listed as "- `id`" under ``## heading`` in docs/lab-baseline.md."""
    ids: set[str] = set()
    section = None
    for line in BASELINE_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif section == heading and line.startswith("- `"):
            ids.add(line.split("`")[1])
    assert ids, f"no checks listed under '## {heading}' in {BASELINE_DOC}"
    return ids


def _statuses(hosts: list[dict[str, Any]], status: str) -> set[str]:
    return {r["check_id"] for h in hosts for r in h["results"] if r["status"] == status}


def test_baseline_fails_only_documented_checks(report: dict[str, Any]) -> None:
    hosts = [_host(report, s.name) for s in NAMESPACE_REFERENCES]
    assert _statuses(hosts, "fail") == documented("Failing on the baseline under the lab profile")
    assert _statuses(hosts, "error") == documented("Not judged on the baseline (error)")


def test_vm_baselines_fail_nothing(report: dict[str, Any]) -> None:
    hosts = [_host(report, s.name) for s in VM_REFERENCES]
    assert len(hosts) == 2
    assert _statuses(hosts, "fail") | _statuses(hosts, "error") == set()


def test_baseline_under_the_default_profile(default_profile_report: dict[str, Any]) -> None:
    hosts = [default_profile_report[s.name] for s in NAMESPACE_REFERENCES]
    assert all(h["status"] == "ok" for h in hosts)
    expected = documented("Failing on the baseline under the default profile")
    assert _statuses(hosts, "fail") == expected


def test_vm_baselines_under_the_default_profile(default_profile_report: dict[str, Any]) -> None:
    hosts = [default_profile_report[s.name] for s in VM_REFERENCES]
    assert all(h["status"] == "ok" for h in hosts)
    assert _statuses(hosts, "fail") | _statuses(hosts, "error") == set()


def _results(host: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["check_id"]: r for r in host["results"]}


def _host(report: dict[str, Any], name: str) -> dict[str, Any]:
    host = report["by_name"].get(name)
    assert host is not None, f"{name} is not in the report"
    assert host["status"] == "ok", f"{name}: {host['status']}: {host.get('error')}"
    return host


def test_every_host_is_audited(report: dict[str, Any], lab_hosts: dict[str, Host]) -> None:
    assert report["exit_code"] in (0, 1), f"exit {report['exit_code']}: {report['stderr']}"
    assert set(report["by_name"]) == set(lab_hosts)
    for name, host in lab_hosts.items():
        if not host.scenario.hostile and not host.scenario.network_only:
            # as root through the audit account's one sudo rule (``sh -s``, docs/security.md)
            assert _host(report, name)["privileged"], f"{name} was not audited as root"


@pytest.mark.parametrize("scenario", HOSTILE, ids=lambda s: s.name)
def test_a_misbehaving_host_ends_as_it_should_within_its_deadline(
    report: dict[str, Any], scenario: scenarios.Scenario
) -> None:
    host = report["by_name"][scenario.name]
    errors = [r["message"] for r in host["results"] if r["status"] == "error"]
    if scenario.host == "audited":
        assert (host["status"], host["privileged"]) == ("ok", True), host.get("error")
        assert len(errors) < 5, errors  # as many as on the baseline, give or take
    elif scenario.host == "ok-with-errors":
        assert (host["status"], host["privileged"]) == ("ok", True), host.get("error")
        assert errors and all("Traceback" not in e for e in errors), errors
    elif scenario.host == "ok-without-root":
        assert (host["status"], host["privileged"]) == ("ok", False), host.get("error")
        assert host["not_judged"] > 0 and host["caveat"]
    else:
        assert host["status"] == scenario.host, f"{host['status']}: {host.get('error')}"
        assert host["error"] and "Traceback" not in host["error"] and "[Errno" not in host["error"]
    if scenario.timeout:
        assert host["duration"] <= 3 * scenario.timeout + 10, host["duration"]


def test_the_summary_counts_each_kind_of_host(report: dict[str, Any]) -> None:
    shown = subprocess.run(
        [*auditor_command(), "results", "show", "--db", report["db"], "-f", "table",
         "--lang", "en"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    text = " ".join(shown.split())  # the summary line may wrap at the terminal's width
    line = text[text.index("hosts: ") :].split(")", 1)[0]
    statuses = [h["status"] for h in report["hosts"]]
    for status in sorted(set(statuses)):
        assert f"{statuses.count(status)} {status}" in line, line
    without_root = sum(
        1 for h in report["hosts"] if h["status"] == "ok" and not h["privileged"]
        and not h["network_only"]
    )  # fmt: skip
    assert f"{without_root} audited without root" in line, line


@pytest.mark.parametrize("reference", REFERENCES, ids=lambda s: s.name)
def test_baseline_is_ok(report: dict[str, Any], reference: scenarios.Scenario) -> None:
    _host(report, reference.name)


@pytest.mark.parametrize("reference", NAMESPACE_REFERENCES, ids=lambda s: s.name)
def test_baseline_passes_every_network_check(
    report: dict[str, Any], reference: scenarios.Scenario
) -> None:
    results = _results(_host(report, reference.name))
    checks = load_checks()
    network = {cid: r for cid, r in results.items() if NETWORK_SCAN.name in checks[cid].meta.facts}
    judged = ("exposed_ports", "network_cleartext_services", "network_ssh_algorithms")
    assert all(network.get(cid, {}).get("status") == "pass" for cid in judged), network
    # the others pass, or have nothing to judge (no TLS service on the baseline)
    unpassed = [r["message"] for r in network.values() if r["status"] not in ("pass", "skip")]
    assert unpassed == [], unpassed


@pytest.mark.parametrize("scenario", DEVICES, ids=lambda s: s.name)
def test_a_device_is_judged_from_the_network_without_a_login(
    lab: Lab, lab_hosts: dict[str, Host], report: dict[str, Any], scenario: scenarios.Scenario
) -> None:
    booted(lab_hosts, lab, scenario.name)
    host = _host(report, scenario.name)
    assert (host["role"], host["network_only"], host["exec_count"]) == ("device", True, 0)
    assert host["privileged"] is not True and host["snapshot"] is None
    checks = load_checks()
    judged = {r["check_id"] for r in host["results"]}
    assert judged and all(is_network_check(checks[cid]) for cid in judged), judged
    # the network scan reached the device's sshd (port 2222 is scanned), nothing logged in
    log = report["auth_log"][scenario.name]
    assert "Connection from" in log, log
    user = lab_hosts[scenario.name].user
    for trace in ("Accepted", "Failed", "Invalid user", "session opened", f"user {user}",
                  f"for {user}"):  # fmt: skip
        assert trace not in log, f"{trace!r} in the auth log of {scenario.name}:\n{log}"


def test_the_nmap_xml_of_a_host_is_kept_as_evidence(
    report: dict[str, Any], lab_hosts: dict[str, Host]
) -> None:
    store = Store(report["db"], create=False)
    try:
        for name in ("baseline", *(s.name for s in DEVICES)):
            xml = store.network_xml(report["scan"]["id"], name)
            assert xml is not None, f"no nmap XML stored for {name}"
            assert f'addr="{lab_hosts[name].address}"' in xml, xml[:500]
            assert 'portid="2222"' in xml, xml[:2000]
    finally:
        store.close()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_fails_expected_checks(
    lab: Lab, lab_hosts: dict[str, Host], report: dict[str, Any], scenario: scenarios.Scenario
) -> None:
    assert scenario.expect_fail, f"{scenario.name} expects no failing check"
    booted(lab_hosts, lab, scenario.name)
    results = _results(_host(report, scenario.name))
    reference = scenarios.reference_for(scenario)
    baseline = _results(_host(report, reference))
    missing = {"status": "missing", "message": "check not in the report"}
    for check_id in scenario.expect_fail:
        got = results.get(check_id, missing)
        assert got["status"] == "fail", f"{check_id} on {scenario.name}: {got}"
        base = baseline.get(check_id, missing)
        assert base["status"] == "pass", f"{check_id} on {reference}: {base}"


def _snapshot(report: dict[str, Any], name: str) -> Snapshot:
    snap = _host(report, name)["snapshot"]
    assert snap is not None, f"{name} has no snapshot"
    return Snapshot.from_json(snap)


def test_baseline_snapshot_names_accounts_privileges_keys_and_services(
    report: dict[str, Any], lab_hosts: dict[str, Host]
) -> None:
    host = lab_hosts["baseline"]
    snap = _snapshot(report, "baseline")
    assert snap.missing == {}
    assert snap.uid0 == ["root"]
    audit = next(a for a in snap.accounts if a.name == host.user)
    assert audit.login and audit.sudo, audit
    assert {k.user for k in snap.keys} == {host.user}
    assert all(k.fingerprint.startswith("SHA256:") for k in snap.keys)
    assert any(s.port == 2222 and s.proto == "tcp" for s in snap.services), snap.services
    assert snap.packages is not None and snap.packages > 100
    assert snap.os_release and "Debian" in snap.os_release
    assert "$y$" not in json.dumps(_host(report, "baseline")["snapshot"])  # never a hash


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("cred_second_uid0", {("account", "added", "toor"), ("uid0", "added", "toor")}),
        ("cred_nopasswd_sudo", {("account", "added", "deploy"),
                                ("sudo", "added", "deploy: (ALL) NOPASSWD: ALL")}),
    ],
)  # fmt: skip
def test_snapshots_of_two_hosts_show_what_a_supervisor_must_see(
    report: dict[str, Any], lab_hosts: dict[str, Host], scenario: str, expected: set
) -> None:
    changes = snapshot_changes(scenario, _snapshot(report, "baseline"), _snapshot(report, scenario))
    found = {(c.what, c.change, c.subject) for c in changes}
    address = lab_hosts[scenario].address
    assert {(w, c, s.format(address=address)) for w, c, s in expected} <= found, found


def test_a_listener_started_on_a_host_is_in_its_snapshot(
    report: dict[str, Any], lab_hosts: dict[str, Host]
) -> None:
    # Namespace hosts share the machine's network stack, so every host sees every listener:
    # the snapshot is checked on its own, not against the baseline's.
    services = _snapshot(report, "net_extra_listener").services
    address = lab_hosts["net_extra_listener"].address
    assert any(s.key == f"tcp {address}:8080" for s in services), services
    assert not any(s.proto == "udp" and s.port in EPHEMERAL_UDP for s in services), services


def test_a_new_authorized_key_is_seen_with_its_fingerprint(report: dict[str, Any]) -> None:
    changes = snapshot_changes(
        "k", _snapshot(report, "baseline"), _snapshot(report, "cred_weak_authorized_key")
    )
    keys = [c.subject for c in changes if c.what == "key" and c.change == "added"]
    assert len(keys) == 1 and keys[0].startswith("webadmin: ssh-rsa SHA256:"), changes


def _show(report: dict[str, Any], fmt: str) -> str:
    cmd = [*auditor_command(), "results", "show", "--db", report["db"], "-f", fmt, "-o", "-"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_stored_lab_scan_reads_back_as_it_was_written(report: dict[str, Any]) -> None:
    assert _show(report, "json") == Path(report["out"]).read_text(encoding="utf-8")


def test_the_lab_scan_as_sarif_and_junit_is_valid(report: dict[str, Any]) -> None:
    sarif = json.loads(_show(report, "sarif"))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    failing = sum(r["status"] == "fail" for h in report["hosts"] for r in h["results"])
    assert len(sarif["runs"][0]["results"]) == failing > 60
    junit = _show(report, "junit")
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(junit)
    # one case a result, and one for each host that could not be audited (its error)
    unaudited = sum(h["status"] != "ok" for h in report["hosts"])
    assert unaudited == sum(s.host in ("error", "auth_failed") for s in HOSTILE) > 0
    assert junit.count("<testcase ") == sum(len(h["results"]) for h in report["hosts"]) + unaudited


SHIPPED_PROFILES = ["de-an-06", "tcvn-11930-level3", "tcvn-11930-level4", "tcvn-14423-level3",
                    "tcvn-14423-level4"]  # fmt: skip


@pytest.fixture(scope="module", params=SHIPPED_PROFILES)
def shipped_profile_scan(
    request: pytest.FixtureRequest,
    lab_hosts: dict[str, Host],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The namespace baselines scanned with one shipped profile: the scan and its roll-up."""
    work = tmp_path_factory.mktemp(request.param)
    inventory = write_inventory([lab_hosts[s.name] for s in NAMESPACE_REFERENCES],
                                work / "inventory.yaml")  # fmt: skip
    db, out = str(work / "db.sqlite"), work / "scan.json"
    cmd = [*auditor_command(), "scan", "-i", str(inventory), "-p", request.param, "-q",
           "--db", db, "-o", str(out)]  # fmt: skip
    proc = subprocess.run(cmd, timeout=SCAN_TIMEOUT, stdin=subprocess.DEVNULL, check=False,
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    rolled = subprocess.run(
        [*auditor_command(), "results", "show", "--by", "requirement", "-f", "json", "--db", db],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return request.param, json.loads(out.read_text()), json.loads(rolled.stdout)


def test_each_shipped_profile_runs_end_to_end_with_its_role_checks(shipped_profile_scan) -> None:
    profile_id, scan, rolled = shipped_profile_scan
    profile = load_profile(profile_id, load_checks())
    assert scan["scan"]["profile"] == profile_id
    for host in scan["hosts"]:
        assert host["status"] == "ok", host["error"]
        expected = {c.id for c in profile.checks_for(host["role"])}
        assert {r["check_id"] for r in host["results"]} == expected
    assert [r["id"] for r in rolled["requirements"]] == [r.id for r in profile.requirements]
    automated = [r for r in rolled["requirements"] if not r["manual"]]
    assert any(r["state"] in ("met", "not_met") for r in automated)
    manual = [r for r in rolled["requirements"] if r["manual"]]
    assert manual and all(r["state"] == "not_assessed" for r in manual)  # nobody answered
