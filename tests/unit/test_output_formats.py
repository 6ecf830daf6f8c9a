"""The JUnit, SARIF and CSV outputs: valid against their published schemas, counted right, and
safe with hostile host data (markup, control characters, spreadsheet formulas)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from auditor.inventory import UnitNode
from auditor.messages import Message
from auditor.outputs import csv_out, json_out, junit, sarif, write_text
from auditor.outputs.view import ScanView
from auditor.registry import Check, load_checks
from auditor.store.records import StoredHost, StoredResult, StoredScan

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
HOSTILE = "<script>alert(1)</script> & co \x1b[31m red"
FORMULA = '=HYPERLINK("http://evil.example","x")'
VI_MESSAGE = "Cho phép đăng nhập root: PermitRootLogin yes"


def result(
    check_id: str, status: str, severity: str, message: str = "", *evidence: str
) -> StoredResult:
    return StoredResult(
        check_id, "credentials", severity, status, Message.literal(message or status), evidence
    )


def host(name: str, unit: str, role: str, status: str, *results: StoredResult) -> StoredHost:
    return StoredHost(
        name=name,
        address={"web1": "10.0.0.5", "db1": "fd00::7", "mc-q1-01": "10.0.1.9"}[name],
        port=22,
        role=role,
        unit_id=unit,
        owner=None,
        tags=(),
        status=status,
        error="timed out after 10s" if status != "ok" else None,
        hostname=None if status != "ok" else f"{name}.local",
        os=None,
        kernel=None,
        privileged=True,
        exec_count=1,
        started="2026-04-02T08:00:00+07:00",
        finished="2026-04-02T08:00:12+07:00",
        duration=12.5,
        snapshot=None,
        results=results,
    )


SCAN = StoredScan(
    id=7,
    started="2026-04-02T08:00:00+07:00",
    finished="2026-04-02T08:01:00+07:00",
    quarter="2026-Q2",
    profile="de-an-06",
    profile_digest="abc",
    profile_content=None,
    inventory_path="inventory.yaml",
    inventory_digest="def",
    tool_version="0.1.0",
    hosts_planned=3,
    interrupted=False,
    waivers=None,
    units=(
        UnitNode("tp", "Công an Thành phố"),
        UnitNode("q1", "Công an Quận 1", parent_id="tp"),
    ),
    hosts=(
        host(
            "web1",
            "q1",
            "server",
            "ok",
            result("ssh_root_login", "fail", "high", VI_MESSAGE, FORMULA, HOSTILE),
            result("uid0_accounts", "waived", "critical", "toor: miễn trừ số 12/2026"),
            result("auditd_running", "error", "medium", "cannot read /proc", "ps: denied"),
            result("automount_disabled", "skip", "medium", "terminal only"),
            result("time_synchronised", "pass", "medium"),
            result("retired_check", "fail", "low", "no longer in the catalogue"),
        ),
        host("db1", "tp", "server", "unreachable"),
        host(
            "mc-q1-01",
            "q1",
            "terminal",
            "ok",
            result("ssh_root_login", "pass", "high"),
            result("automount_disabled", "fail", "medium", "udisks2 on", "@SUM(1+1)"),
            result("uid0_accounts", "fail", "critical", "toor has UID 0"),
        ),
    ),
)


@cache
def checks() -> dict[str, Check]:
    return load_checks()


def view(lang: str = "vi") -> ScanView:
    return ScanView(SCAN, checks(), lang)


def test_the_scan_uses_catalogue_checks_and_one_that_is_gone() -> None:
    assert {"ssh_root_login", "uid0_accounts", "automount_disabled"} <= checks().keys()
    assert "retired_check" not in checks()


# JUnit


def junit_tree() -> ET.Element:
    text = junit.FORMAT.text(view())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(text)
    return ET.fromstring(text)


def test_junit_has_a_suite_per_host_with_its_counts() -> None:
    root = junit_tree()
    keys = ("tests", "failures", "errors", "skipped")
    counts = {
        s.get("name"): tuple(int(s.get(k, "-1")) for k in keys) for s in root.iter("testsuite")
    }
    assert counts == {
        "q1/mc-q1-01": (3, 2, 0, 0),
        "q1/web1": (6, 2, 1, 2),
        "tp/db1": (1, 0, 1, 0),
    }
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("10", "4", "2")
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests", "-1"))
        assert len(suite.findall("testcase/failure")) == int(suite.get("failures", "-1"))
        assert len(suite.findall("testcase/error")) == int(suite.get("errors", "-1"))
        assert len(suite.findall("testcase/skipped")) == int(suite.get("skipped", "-1"))


def test_junit_cases_carry_status_message_and_evidence() -> None:
    root = junit_tree()
    web1 = next(s for s in root.iter("testsuite") if s.get("name") == "q1/web1")
    assert web1.get("timestamp") == "2026-04-02T08:00:00+07:00"
    assert web1.get("time") == "12.500"
    assert web1.get("hostname") == "web1.local"
    props = {p.get("name"): p.get("value") for p in web1.iter("property")}
    assert props["unit_path"] == "Công an Thành phố / Công an Quận 1"
    assert props["address"] == "10.0.0.5"
    cases = {c.get("name"): c for c in web1.iter("testcase")}
    assert {c.get("classname") for c in cases.values()} == {"q1.web1"}
    failure = cases["ssh_root_login"].find("failure")
    assert failure is not None
    assert failure.get("message") == VI_MESSAGE
    assert failure.get("type") == "high"
    assert failure.text == f"{FORMULA}\n<script>alert(1)</script> & co \ufffd[31m red"
    waived = cases["uid0_accounts"].find("skipped")
    assert waived is not None
    assert waived.get("message") == "waived: toor: miễn trừ số 12/2026"
    error = cases["auditd_running"].find("error")
    assert error is not None
    assert (error.get("message"), error.text) == ("cannot read /proc", "ps: denied")
    assert cases["automount_disabled"].find("skipped") is not None
    assert list(cases["time_synchronised"]) == []


def test_junit_host_not_audited_is_one_erroring_case() -> None:
    root = junit_tree()
    db1 = next(s for s in root.iter("testsuite") if s.get("name") == "tp/db1")
    (case,) = db1.findall("testcase")
    assert (case.get("name"), case.get("classname")) == (junit.HOST_CASE, "tp.db1")
    error = case.find("error")
    assert error is not None
    assert error.get("message") == "unreachable: timed out after 10s"
    assert error.get("type") == "unreachable"


def test_junit_replaces_characters_xml_cannot_carry() -> None:
    assert junit.xml_text("a\x00b\x0bc\ud800d\tok\n") == "a\ufffdb\ufffdc\ufffdd\tok\n"


# SARIF


def sarif_log(lang: str = "vi") -> dict[str, Any]:
    log = json.loads(sarif.FORMAT.text(view(lang)))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    return log


def test_sarif_validates_and_has_a_rule_per_check_seen() -> None:
    log = sarif_log()
    (run,) = log["runs"]
    assert log["version"] == "2.1.0"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("auditor", "0.1.0")
    rules = {r["id"]: r for r in driver["rules"]}
    assert len(driver["rules"]) == len(rules)
    assert set(rules) == {
        "auditd_running",
        "automount_disabled",
        "retired_check",
        "ssh_root_login",
        "time_synchronised",
        "uid0_accounts",
    }
    ssh = rules["ssh_root_login"]
    meta = checks()["ssh_root_login"].meta
    assert ssh["shortDescription"]["text"] == "Không cho phép đăng nhập root qua SSH"
    assert ssh["fullDescription"]["text"] == meta.rationale.vi
    assert ssh["help"]["text"] == meta.remediation.vi
    assert ssh["defaultConfiguration"]["level"] == "error"
    assert ssh["properties"]["references"]["tcvn_11930"] == ["7.2.2.2"]
    assert ssh["properties"]["severity"] == "high"
    assert "security" in ssh["properties"]["tags"]
    assert rules["uid0_accounts"]["defaultConfiguration"]["level"] == "error"
    assert rules["automount_disabled"]["defaultConfiguration"]["level"] == "warning"
    retired = rules["retired_check"]
    assert retired["shortDescription"]["text"] == "retired_check"
    assert retired["defaultConfiguration"]["level"] == "note"


def test_sarif_has_a_result_per_finding_with_the_host_as_location() -> None:
    (run,) = sarif_log()["runs"]
    rules = run["tool"]["driver"]["rules"]
    seen = Counter(
        (r["locations"][0]["logicalLocations"][0]["name"], r["ruleId"], "suppressions" in r)
        for r in run["results"]
    )
    assert seen == Counter(
        {
            ("web1", "ssh_root_login", False): 1,
            ("web1", "retired_check", False): 1,
            ("web1", "uid0_accounts", True): 1,
            ("mc-q1-01", "automount_disabled", False): 1,
            ("mc-q1-01", "uid0_accounts", False): 1,
        }
    )
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    ssh = next(r for r in run["results"] if r["ruleId"] == "ssh_root_login")
    assert ssh["message"]["text"] == VI_MESSAGE
    assert (ssh["kind"], ssh["level"]) == ("fail", "error")
    assert ssh["properties"]["evidence"] == [FORMULA, HOSTILE]
    (where,) = ssh["locations"]
    assert where["physicalLocation"]["artifactLocation"]["uri"] == "ssh://10.0.0.5:22/"
    logical = where["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "Công an Thành phố/Công an Quận 1/web1"
    waived = next(r for r in run["results"] if "suppressions" in r)
    assert waived["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "toor: miễn trừ số 12/2026"}
    ]


def test_sarif_reports_what_could_not_be_judged_as_notifications() -> None:
    (run,) = sarif_log("en")["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["startTimeUtc"] == "2026-04-02T01:00:00Z"
    assert invocation["endTimeUtc"] == "2026-04-02T01:01:00Z"
    notes = invocation["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notes] == [
        ("warning", "web1: auditd_running: cannot read /proc"),
        ("error", "db1: unreachable: timed out after 10s"),
    ]
    assert notes[0]["associatedRule"]["id"] == "auditd_running"
    uri = notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "ssh://[fd00::7]:22/"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["ssh_root_login"]["shortDescription"]["text"] == "Root login over SSH is disabled"


# CSV


def csv_rows() -> list[dict[str, str]]:
    text = csv_out.FORMAT.text(view())
    assert text.startswith("\ufeff")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    assert tuple(reader.fieldnames or ()) == csv_out.COLUMNS
    return list(reader)


def test_csv_has_a_row_per_host_and_check_and_per_host_not_audited() -> None:
    rows = csv_rows()
    assert Counter((r["host"], r["check_id"]) for r in rows) == Counter(
        [("mc-q1-01", c) for c in ("ssh_root_login", "automount_disabled", "uid0_accounts")]
        + [("db1", "")]
        + [
            ("web1", c)
            for c in (
                "ssh_root_login",
                "uid0_accounts",
                "auditd_running",
                "automount_disabled",
                "time_synchronised",
                "retired_check",
            )
        ]
    )
    db1 = next(r for r in rows if r["host"] == "db1")
    assert (db1["host_status"], db1["host_error"]) == ("unreachable", "timed out after 10s")
    assert db1["title"] == db1["status"] == db1["evidence"] == ""


def test_csv_keeps_vietnamese_and_neutralises_formulas() -> None:
    rows = csv_rows()
    ssh = next(r for r in rows if (r["host"], r["check_id"]) == ("web1", "ssh_root_login"))
    assert ssh["message"] == VI_MESSAGE
    assert ssh["title"] == "Không cho phép đăng nhập root qua SSH"
    assert ssh["unit_path"] == "Công an Thành phố / Công an Quận 1"
    assert ssh["evidence"] == f"'{FORMULA}\n{HOSTILE}"
    mc = next(r for r in rows if (r["host"], r["check_id"]) == ("mc-q1-01", "automount_disabled"))
    assert mc["evidence"] == "'@SUM(1+1)"
    assert (mc["scan"], mc["quarter"], mc["severity"], mc["status"]) == (
        "7",
        "2026-Q2",
        "medium",
        "fail",
    )


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_csv_cell_prefixes_formula_starts(text: str) -> None:
    assert csv_out.cell(text) == f"'{text}"


@pytest.mark.parametrize("text", ["1", "a=b", " =1", ""])
def test_csv_cell_leaves_other_text(text: str) -> None:
    assert csv_out.cell(text) == text


def test_json_written_host_by_host_is_the_whole_document() -> None:
    shown = view()
    assert json.loads(json_out.FORMAT.text(shown)) == json_out.scan_dict(shown)
    assert len(list(json_out.FORMAT.render(shown))) == 2 + len(shown.scan.hosts)


def test_csv_written_host_by_host_has_every_row_once() -> None:
    pieces = list(csv_out.FORMAT.render(view()))
    assert len(pieces) == 1 + len(view().scan.hosts)
    assert "".join(pieces) == csv_out.FORMAT.text(view())


def test_a_failed_rendering_leaves_the_earlier_file_and_no_partial(tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    out.write_text("earlier\n")

    def breaks() -> Iterator[str]:
        yield "{"
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_text(breaks(), str(out))
    assert out.read_text() == "earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scan.json"]
    write_text(iter(["{", "}\n"]), str(out))
    assert out.read_text() == "{}\n"


def test_a_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    write_text(iter(["a", "b"]), "/dev/null")
    assert Path("/dev/null").is_char_device()
