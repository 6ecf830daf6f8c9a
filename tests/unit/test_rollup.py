"""Requirement roll-up per host and per unit, with waivers and inspectors' answers; recorded
answers from a file or asked on a terminal; `results show --by requirement`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import UsageError, ValidationFailed
from auditor.inspections import ask_answers, load_answers
from auditor.inventory import UnitNode
from auditor.profiles import load_profile
from auditor.rollup import rollup
from auditor.store.database import Store
from auditor.store.records import Answer
from tests.reports import report, result, stored_scan
from tests.unit.test_requirements import BASE, CATALOGUE

UNITS = [
    UnitNode("tp", "Thành phố"),
    UnitNode("q1", "Quận 1", "tp"),
    UnitNode("p1", "Phường 1", "q1"),
    UnitNode("q2", "Quận 2", "tp"),
]


@pytest.fixture
def profile(tmp_path):
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    return load_profile(str(path), CATALOGUE)


@pytest.fixture
def scan(tmp_path, profile):
    hosts = [
        report("srv", [result("a_ssh", "pass"), result("b_log", "pass")], unit="tp"),
        report(
            "t1",
            [result("a_ssh", "waived"), result("b_log", "pass"), result("e_term", "pass")],
            unit="q1",
            role="terminal",
        ),
        report(
            "t2",
            [result("a_ssh", "pass"), result("b_log", "error"), result("e_term", "fail")],
            unit="p1",
            role="terminal",
        ),
        report("t3", [], status="unreachable", unit="q2", role="terminal"),
    ]
    return stored_scan(tmp_path, hosts, UNITS, profile.content())


def answer(unit: str, outcome: str) -> Answer:
    return Answer("2026-Q4", unit, "INSP-01", outcome, None, "Nguyễn Văn A", "2026-11-20", "f")


def test_host_states(scan):
    r = rollup(scan)
    states = {h: {rid: s.state for rid, s in by.items()} for h, by in r.hosts.items()}
    assert states == {
        "srv": {"ACC-01": "met", "DATA-01": "not_applicable", "INSP-01": "not_applicable"},
        "t1": {"ACC-01": "met_with_waivers", "DATA-01": "met", "INSP-01": "not_applicable"},
        "t2": {"ACC-01": "not_assessed", "DATA-01": "not_met", "INSP-01": "not_applicable"},
        "t3": {"ACC-01": "not_assessed", "DATA-01": "not_assessed", "INSP-01": "not_applicable"},
    }
    assert r.hosts["t2"]["DATA-01"].failing == ("e_term",)
    assert r.hosts["t2"]["ACC-01"].unjudged == ("b_log",)


def test_units_combine_their_hosts_and_the_units_below(scan):
    r = rollup(scan, [answer("q1", "met"), answer("q2", "not_met")])
    assert r.units["q1"]["ACC-01"].state == "not_assessed"  # t2 below it could not be judged
    assert dict(r.units["q1"]["ACC-01"].counts) == {"met_with_waivers": 1, "not_assessed": 1}
    assert r.units["q1"]["DATA-01"].state == "not_met"
    assert r.units["tp"]["DATA-01"].state == "not_met"
    assert r.units["p1"]["INSP-01"].state == "met"  # q1's answer covers the ward below it
    assert r.units["q1"]["INSP-01"].state == "met"
    assert r.units["q2"]["INSP-01"].state == "not_met"
    assert r.units["tp"]["INSP-01"].state == "not_met"
    assert rollup(scan).units["tp"]["INSP-01"].state == "not_assessed"  # no answer
    assert r.totals("q1") == {"not_assessed": 1, "not_met": 1, "met": 1}


def test_answers_file_is_validated_against_the_profile_and_units(tmp_path, profile):
    path = tmp_path / "answers.yaml"
    path.write_text(
        "answers:\n"
        "  - {unit: q1, requirement: INSP-01, result: met, inspector: Nguyễn Văn A,"
        " date: 2026-11-20, note: Đúng quy trình}\n"
        "  - {unit: q9, requirement: ACC-01, result: met, inspector: B, date: 2026-11-20}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as err:
        load_answers(path, profile, {"tp", "q1"})
    problems = "\n".join(err.value.lines("en"))
    assert (
        "answers.yaml:3: answers[1].requirement: 'ACC-01' is not a manual requirement" in problems
    )
    assert "answers.yaml:3: answers[1].unit: unknown unit 'q9'" in problems
    path.write_text(
        path.read_text(encoding="utf-8").splitlines()[0]
        + "\n"
        + path.read_text(encoding="utf-8").splitlines()[1]
        + "\n"
    )
    (got,) = load_answers(path, profile, {"tp", "q1"})
    assert (got.quarter, got.unit_id, got.result, got.note) == (
        "2026-Q4",
        "q1",
        "met",
        "Đúng quy trình",
    )
    path.write_text(
        "answers:\n  - {unit: q1, requirement: INSP-01, result: maybe,"
        " inspector: A, date: 2026-11-20}\n"
    )
    with pytest.raises(ValidationFailed, match="problem"):
        load_answers(path, profile)


def test_answers_are_asked_question_by_question(profile):
    shown: list[str] = []
    got = ask_answers(
        profile,
        "q1",
        "Trần Thị B",
        date(2027, 1, 5),
        "vi",
        ask=lambda name, choices: "not_met" if "not_met" in choices else "",
        note=lambda name: "Máy trạm đặt ở hành lang",
        show=shown.append,
    )
    assert [(a.quarter, a.requirement_id, a.result, a.source) for a in got] == [
        ("2027-Q1", "INSP-01", "not_met", "prompt")
    ]
    assert any("Thiết bị đặt ở nơi an toàn?" in line for line in shown)


def test_recorded_answers_replace_earlier_ones(store_ref):
    store = Store(store_ref)
    store.record_answers([answer("q1", "not_met")], datetime(2026, 11, 1, tzinfo=UTC))
    store.record_answers([answer("q1", "met"), answer("q2", "met")], datetime.now(UTC))
    assert sorted((a.unit_id, a.result) for a in store.answers("2026-Q4")) == [
        ("q1", "met"),
        ("q2", "met"),
    ]
    assert store.answers("2026-Q3") == []


def test_results_show_by_requirement_and_inspect_from_the_command_line(tmp_path, profile, scan):
    db = str(tmp_path / "scan.sqlite")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "answers:\n  - {unit: q1, requirement: INSP-01, result: met,"
        " inspector: A, date: 2026-11-20}\n"
    )
    manual_only = tmp_path / "manual.yaml"
    manual_only.write_text(
        BASE[: BASE.index("requirements:")]
        + "requirements:\n"
        + BASE[BASE.index("  - id: INSP-01") :],
        encoding="utf-8",
    )
    recorded = CliRunner().invoke(
        main, ["inspect", "--answers", str(answers), "-p", str(manual_only), "--db", db]
    )
    assert recorded.exit_code == 0, recorded.output
    assert "đã ghi nhận 1 câu trả lời cho 2026-Q4" in recorded.output
    doc = json.loads(
        CliRunner()
        .invoke(
            main,
            ["results", "show", "--by", "requirement", "-f", "json", "--db", db, "--lang", "en"],
        )
        .stdout
    )
    by_id = {r["id"]: r for r in doc["requirements"]}
    assert by_id["DATA-01"]["state"] == "not_met" and by_id["DATA-01"]["hosts"]["not_met"] == ["t2"]
    q1 = next(u for u in doc["units"] if u["id"] == "q1")
    assert q1["requirements"]["INSP-01"]["state"] == "met"
    table = (
        CliRunner()
        .invoke(main, ["results", "show", "--by", "requirement", "--db", db, "--lang", "en"])
        .stdout
    )
    assert "DATA-01" in table and "NOT MET" in table and "t2" in table
    bad = CliRunner().invoke(
        main, ["results", "show", "--by", "requirement", "-f", "csv", "--db", db]
    )
    assert bad.exit_code == 2 and "chỉ xuất ra dạng table, json" in bad.stderr
    asked = CliRunner().invoke(main, ["inspect", "q1", "-p", str(manual_only), "--db", db])
    assert asked.exit_code == 2 and "cần có terminal để hỏi trực tiếp" in asked.stderr


def test_an_older_scan_has_no_roll_up(tmp_path):
    scan = stored_scan(tmp_path, [report("web1", [result("a", "pass")])])
    with pytest.raises(UsageError, match="no stored requirement mapping"):
        rollup(scan)
