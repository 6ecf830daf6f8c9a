"""Waivers: the minimal form, every selector, in force and expired, requirement waivers, the
problems reported, scores with and without, and a real scan of this machine with a waiver."""

from __future__ import annotations

import json
import socket
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import ValidationFailed
from auditor.inventory import UnitNode
from auditor.profiles import load_profile
from auditor.rollup import score
from auditor.scan import targets
from auditor.waivers import ancestors_of, load_waivers
from tests.reports import report, result, stored_scan
from tests.specs import host_spec
from tests.unit.test_requirements import BASE, CATALOGUE

TODAY = date(2026, 12, 1)
MINIMAL = """waivers:
  - check: ssh_root_login
    hosts: [web1]
    justification: Thiết bị của nhà cung cấp, thay thế trong quý 1/2027
    approved_by: Trưởng phòng An ninh mạng
    created: 2026-10-01
    expires: 2027-03-31
"""
UNITS = [
    UnitNode("tp", "TP"),
    UnitNode("q1", "Q1", "tp"),
    UnitNode("p1", "P1", "q1"),
    UnitNode("q2", "Q2", "tp"),
]
ANCESTORS = ancestors_of(UNITS)


def waivers_file(tmp_path: Path, text: str):
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return load_waivers(path)


@pytest.fixture
def profile(tmp_path):
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    return load_profile(str(path), CATALOGUE)


def test_the_minimal_form_is_accepted_exactly_as_written(tmp_path):
    (w,) = waivers_file(tmp_path, MINIMAL).items
    assert (w.entry.check, w.entry.hosts, w.entry.expires) == (
        "ssh_root_login",
        ["web1"],
        date(2027, 3, 31),
    )
    assert w.entry.approved_by == "Trưởng phòng An ninh mạng" and w.line == 2


def _entry(subject: str, **fields: object) -> str:
    lines = [f"  - {subject}"] + [
        f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()
    ]
    return "\n".join(lines) + "\n"


def _apply(waivers, spec, results, profile):
    return waivers.apply(results, spec, ANCESTORS.get(spec.unit_id, {spec.unit_id}), profile, TODAY)


def test_selectors_host_unit_with_children_tag_and_role(tmp_path, profile):
    common = {
        "justification": "j",
        "approved_by": "a",
        "created": "2026-11-01",
        "expires": "2027-01-31",
    }
    waivers = waivers_file(
        tmp_path,
        "waivers:\n"
        + _entry("check: a_ssh", units=["q1"], **common)
        + _entry("check: b_log", tags=["legacy"], roles=["server"], **common),
    )
    below_q1 = host_spec("t1", unit_id="p1", role="terminal")
    other = host_spec("t2", unit_id="q2", role="terminal")
    legacy_server = host_spec("s1", unit_id="q2", tags=("legacy",))
    legacy_terminal = host_spec("t3", unit_id="q2", role="terminal", tags=("legacy",))
    fails = [result("a_ssh", "fail"), result("b_log", "fail")]
    statuses = {
        spec.name: [r.status for r in _apply(waivers, spec, fails, profile)]
        for spec in (below_q1, other, legacy_server, legacy_terminal)
    }
    assert statuses == {
        "t1": ["waived", "fail"],
        "t2": ["fail", "fail"],
        "s1": ["fail", "waived"],
        "t3": ["fail", "fail"],
    }


def test_a_waived_failure_keeps_its_status_message_and_evidence_and_names_its_waiver(
    tmp_path, profile
):
    waivers = waivers_file(tmp_path, MINIMAL.replace("ssh_root_login", "a_ssh"))
    failing = result("a_ssh", "fail")
    (waived,) = _apply(waivers, host_spec("web1"), [failing], profile)
    assert (waived.status, waived.original_status) == ("waived", "fail")
    assert (waived.message, waived.evidence) == (failing.message, failing.evidence)
    assert waived.waiver == {
        "number": 1,
        "check": "a_ssh",
        "requirement": None,
        "justification": "Thiết bị của nhà cung cấp, thay thế trong quý 1/2027",
        "approved_by": "Trưởng phòng An ninh mạng",
        "created": "2026-10-01",
        "expires": "2027-03-31",
        "state": "in_force",
    }
    passing, erroring = result("a_ssh", "pass"), result("a_ssh", "error")
    assert _apply(waivers, host_spec("web1"), [passing, erroring], profile) == [passing, erroring]
    assert _apply(waivers, host_spec("web2"), [failing], profile) == [failing]


def test_an_expired_waiver_no_longer_applies_and_the_failure_says_so(tmp_path, profile):
    waivers = waivers_file(
        tmp_path, MINIMAL.replace("ssh_root_login", "a_ssh").replace("2027-03-31", "2026-11-30")
    )
    (still,) = _apply(waivers, host_spec("web1"), [result("a_ssh", "fail")], profile)
    assert still.status == "fail" and still.original_status is None
    assert still.waiver is not None and still.waiver["state"] == "expired"
    problems = [
        p.render("en") for p in waivers.problems(profile, [host_spec("web1")], ANCESTORS, TODAY)
    ]
    assert problems == ["waiver 1 (line 2) for a_ssh expired on 2026-11-30"]


def test_a_requirement_waiver_covers_its_checks_for_the_host_role(tmp_path, profile):
    waivers = waivers_file(
        tmp_path,
        "waivers:\n"
        + _entry(
            "requirement: DATA-01",
            justification="j",
            approved_by="a",
            created="2026-11-01",
            expires="2027-02-01",
        ),
    )
    terminal = host_spec("t1", role="terminal")
    out = _apply(waivers, terminal, [result("e_term", "fail"), result("a_ssh", "fail")], profile)
    assert [r.status for r in out] == ["waived", "fail"]


def test_problems_waivers_that_match_nothing_lack_an_expiry_or_last_too_long(tmp_path, profile):
    common = {"justification": "j", "approved_by": "a", "created": "2026-11-01"}
    waivers = waivers_file(
        tmp_path,
        "waivers:\n"
        + _entry("check: a_ssh", hosts=["nobody"], expires="2027-01-01", **common)
        + _entry("check: d_patch", expires="2027-01-01", **common)
        + _entry("requirement: LOG-09", expires="2027-01-01", **common)
        + _entry("check: b_log", **common)
        + _entry("check: b_log", expires="2028-06-30", **common)
        + _entry("check: e_term", roles=["server"], expires="2027-01-01", **common),
    )
    hosts = [host_spec("web1"), host_spec("t1", role="terminal")]
    problems = [p.render("en") for p in waivers.problems(profile, hosts, ANCESTORS, TODAY)]
    assert problems == [
        "waiver 1 (line 2) for a_ssh matches no host of the scan",
        "waiver 2 (line 8): the profile does not run d_patch",
        "waiver 3 (line 13): the profile has no requirement LOG-09",
        "waiver 4 (line 18) for b_log has no expiry date",
        "waiver 5 (line 22) for b_log expires on 2028-06-30, more than a year ahead",
        "waiver 6 (line 27) for e_term matches no host of the scan",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "waivers:\n  - {hosts: [a], justification: j, approved_by: a, created: 2026-01-01}\n",
            "names either a check or a requirement",
        ),
        (
            "waivers:\n  - {check: a, requirement: B-01, justification: j, approved_by: a, "
            "created: 2026-01-01}\n",
            "names either a check or a requirement",
        ),
        (
            "waivers:\n  - {check: a, approved_by: a, created: 2026-01-01}\n",
            "waivers[0].justification: a required field is missing",
        ),
        (
            "waivers:\n  - {check: a, justification: j, approved_by: a, created: 2026-03-01,\n"
            "     expires: 2026-01-01}\n",
            "expires is before created",
        ),
        (
            "waivers:\n  - {check: a, justification: j, approved_by: a, created: soon}\n",
            "waivers[0].created",
        ),
    ],
)
def test_invalid_waivers_are_reported_with_their_line(tmp_path, text, message):
    with pytest.raises(ValidationFailed) as err:
        waivers_file(tmp_path, text)
    assert any(":2: " in p and message in p for p in err.value.lines("en")), err.value.lines("en")


def test_scores_with_and_without_waivers(tmp_path):
    checks = ["a", "b", "c", "d"]
    results = [
        result(c, s) for c, s in zip(checks, ["pass", "pass", "waived", "fail"], strict=True)
    ]
    scan = stored_scan(tmp_path, [report("web1", results), report("down", [], status="error")])
    assert score(scan, with_waivers=True) == 0.75
    assert score(scan, with_waivers=False) == 0.5


def test_the_inventory_names_its_waivers_file(tmp_path):
    (tmp_path / "waivers.yaml").write_text(MINIMAL, encoding="utf-8")
    inv = tmp_path / "inventory.yaml"
    inv.write_text(
        "waivers: waivers.yaml\n"
        "units: [{id: u, name: U, hosts: [{name: web1, address: 127.0.0.1}]}]\n"
    )
    chosen = targets(inv)
    assert chosen.waivers is not None and chosen.waivers.items[0].entry.hosts == ["web1"]
    other = tmp_path / "other.yaml"
    other.write_text(MINIMAL.replace("web1", "db9"), encoding="utf-8")
    assert targets(inv, waivers=other).waivers.items[0].entry.hosts == ["db9"]  # type: ignore[union-attr]


def test_a_scan_of_this_machine_with_waivers(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("id: p\ntitle: {vi: P, en: P}\ninclude: {ids: [auditd_running]}\n")
    host = socket.gethostname()
    in_force = tmp_path / "w.yaml"
    in_force.write_text(MINIMAL.replace("ssh_root_login", "auditd_running").replace("web1", host))
    db = str(tmp_path / "r.sqlite")
    run = CliRunner().invoke(
        main,
        [
            "scan",
            "-p",
            str(profile),
            "--db",
            db,
            "--waivers",
            str(in_force),
            "-f",
            "json",
            "-q",
            "--lang",
            "en",
        ],
    )
    (got,) = json.loads(run.stdout)["hosts"][0]["results"]
    if got["original_status"] is None:
        pytest.skip("auditd runs on this machine, so there is no failure to waive")
    assert (got["status"], got["original_status"], run.exit_code) == ("waived", "fail", 0)
    assert got["waiver_note"].startswith("waiver 1 until 2027-03-31, approved by Trưởng phòng")
    expired = tmp_path / "old.yaml"
    expired.write_text(in_force.read_text().replace("2027-03-31", "2026-10-02"))
    run = CliRunner().invoke(
        main,
        [
            "scan",
            "-p",
            str(profile),
            "--db",
            db,
            "--waivers",
            str(expired),
            "-f",
            "json",
            "--lang",
            "en",
        ],
    )
    (got,) = json.loads(run.stdout)["hosts"][0]["results"]
    assert got["status"] == "fail" and got["message"].endswith("(waiver 1 expired on 2026-10-02)")
    assert run.exit_code == 1
    assert "auditor: warning: waiver 1 (line 2) for auditd_running expired on 2026-10-02" in (
        run.stderr
    )
    stored = json.loads(
        CliRunner().invoke(main, ["results", "show", "--db", db, "-f", "json"]).stdout
    )["scan"]["waivers"]
    assert stored["problems"][0]["template"].startswith("waiver {n} (line {line})")
    assert stored["waivers"][0]["approved_by"] == "Trưởng phòng An ninh mạng"
