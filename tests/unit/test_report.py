"""The quarterly report and records, checked as a person would see them: figures pinned on three
units over three quarters, the PDF's fonts and text, its pages as pictures, the HTML in a
browser, escaping of host data, the signature with minisign, and byte-identical rebuilds."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.report.data import gather, record_hosts
from auditor.report.period import Period
from auditor.report.plan import InspectionPlan
from auditor.store.database import Store
from tests.quarters import build_store

PLAN = """agency: {parent: CÔNG AN THÀNH PHỐ ĐÀ NẴNG, name: PHÒNG AN NINH MẠNG, abbreviation: PA05}
place: Đà Nẵng
date: 2027-01-05
decision: {number: 123/QĐ-CAT, date: 2026-10-15, signer: Giám đốc Công an thành phố}
numbers: {record: 01/BB-PA05, report: 02/BC-PA05}
team:
  - {name: Nguyễn Văn An, role: Trưởng đoàn, position: Phó Trưởng phòng}
  - {name: Trần Thị Bình, role: Thành viên}
representatives:
  bn: [{name: Lê Văn Cường, position: Chủ tịch UBND phường}]
period: {start: 2026-11-01, end: 2026-11-30}
deadlines: {critical: 7, high: 15, medium: 30, low: 60, info: 90}
recipients: [Giám đốc Công an thành phố]
"""


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (scripts/test.sh installs it)")
        pytest.skip(f"{name} is not installed")
    return found


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("quarters"))


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _data(db: str, label: str = "2026-Q4"):
    store = Store(db, create=False)
    try:
        plan = InspectionPlan(deadlines={"critical": 7, "high": 15})
        period = Period.parse(None, label) if "Q" not in label else Period.parse(label, None)
        return gather(store, period, plan, [], None, date(2027, 1, 5))
    finally:
        store.close()


def test_ranking_change_trend_and_delta_figures(db):
    data = _data(db)
    ranked = [(s.rank, s.unit.id, round(s.requirements_met or 0, 3)) for s in data.standings]
    assert ranked == [(1, "q1", 1.0), (2, "tp", 0.667), (3, "bn", 0.5)]
    change = {s.unit.id: round(s.change, 3) for s in data.standings if s.change is not None}
    assert change == {"q1": 0.5, "tp": 0.0, "bn": 0.0}
    trend = dict(data.trend.series)
    assert data.trend.labels == ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
    assert [None if v is None else round(v, 3) for v in trend["UBND Quận 1"]] == [
        None,
        0.25,
        0.5,
        1.0,
    ]
    assert data.diff is not None
    kinds = {(f.host, f.check_id): f.kind for f in data.diff.findings}
    assert kinds == {
        ("srv1", "uid0_accounts"): "new",
        ("mc-bn", "ssh_root_login"): "new",
        ("mc-q1", "ssh_root_login"): "resolved",
        ("mc-bn", "citizen_id_files"): "persisting",
    }
    assert data.diff.hosts_added == ["mc-bn2"]
    changes = {(c.host, c.what, c.subject) for c in data.diff.snapshot_changes}
    assert changes == {("srv1", "account", "toor"), ("srv1", "uid0", "toor")}
    due = {(r.host.name, r.result.check_id): r.due for r in data.remediation}
    assert due[("srv1", "uid0_accounts")] == date(2027, 1, 12)  # critical: 7 days
    assert due[("mc-bn", "ssh_root_login")] == date(2027, 1, 20)  # high: 15 days
    assert data.coverage()["planned"] == 4 and data.coverage()["audited"] == 4


def test_every_host_is_in_the_record_of_its_nearest_inspected_unit(db):
    def names(data):
        return {unit: [h.name for h in hosts] for unit, hosts in record_hosts(data).items()}

    data = _data(db)
    assert names(data) == {"tp": ["srv1"], "q1": ["mc-q1"], "bn": ["mc-bn", "mc-bn2"]}
    planned = replace(data, plan=InspectionPlan(units=["tp", "bn"]))
    assert names(planned) == {"tp": ["mc-q1", "srv1"], "bn": ["mc-bn", "mc-bn2"]}


def test_the_monthly_ranking(db):
    data = _data(db, "2026-08")
    assert data.period.kind == "month" and [s.unit.id for s in data.standings] == ["tp", "bn", "q1"]


def build(db: str, plan_file: Path, out: Path, key: Path) -> None:
    """The Q4 report in both languages, signed with ``key``."""
    args = [
        "report",
        "--quarter",
        "2026-Q4",
        "--plan",
        str(plan_file),
        "--db",
        db,
        "-o",
        str(out),
        "--lang",
        "vi",
        "--lang",
        "en",
        "--key",
        str(key),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(db, plan_file, tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("report")
    key = work / "keys" / "report.key"
    key.parent.mkdir()
    assert CliRunner().invoke(main, ["report", "keygen", str(key)]).exit_code == 0
    out = work / "out"
    build(db, plan_file, out, key)
    return out


def _text(pdf: Path) -> str:
    return subprocess.run(
        [tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_report_pdf_embeds_its_fonts_and_reads_in_vietnamese(built):
    pdf = built / "bao-cao-2026-Q4.vi.pdf"
    fonts = subprocess.run(
        [tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line.split("Identity-H")[-1] for line in fonts), fonts
    assert any("Liberation-Serif" in line for line in fonts)
    text = _text(pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "UBND Phường Bến Nghé",
        "UBND Quận 1",
        "02/BC-PA05",
        "ngày 05 tháng 01 năm 2027",
        "mc-bn",
        "srv1",
    ):
        assert expected in text, expected
    assert "<script>x</script>" in text  # host data shown as text
    pages = built.parent / "pages"
    pages.mkdir(exist_ok=True)
    subprocess.run([tool("pdftoppm"), "-png", "-r", "40", str(pdf), str(pages / "p")], check=True)
    assert len(list(pages.glob("p-*.png"))) >= 3


def test_each_unit_has_its_record(built):
    text = _text(built / "bien-ban-2026-Q4-bn.vi.pdf")
    for expected in (
        "BIÊN BẢN",
        "UBND Phường Bến Nghé",
        "Lê Văn Cường",
        "Nguyễn Văn An",
        "123/QĐ-CAT",
        "01/BB-PA05",
        "mc-bn",
    ):
        assert expected in text, expected
    english = _text(built / "bien-ban-2026-Q4-bn.en.pdf")
    assert "INSPECTION RECORD" in english and "January 5, 2027" in english


def test_host_data_is_escaped_in_the_html(built):
    html = (built / "bao-cao-2026-Q4.vi.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html


def test_the_html_opens_in_a_browser_without_error_or_request(built, tmp_path):
    chromium = tool("chromium")
    page = built / "bao-cao-2026-Q4.vi.html"
    proc = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--proxy-server=127.0.0.1:9",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "UBND Phường Bến Nghé" in proc.stdout
    problems = [
        line
        for line in proc.stderr.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "ERR_PROXY" in line
    ]
    assert not problems, problems


def test_the_signature_verifies_with_minisign_and_auditor_and_a_changed_byte_is_caught(
    built, tmp_path
):
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    minisign = tool("minisign")
    ok = subprocess.run(
        [minisign, "-Vm", "SHA256SUMS", "-p", "auditor.pub"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    sums = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=copy, capture_output=True, text=True, check=False
    )
    assert sums.returncode == 0, sums.stdout
    verified = CliRunner().invoke(main, ["report", "verify", str(copy)])
    assert verified.exit_code == 0 and "tệp còn nguyên vẹn" in verified.output
    pdf = copy / "bien-ban-2026-Q4-q1.vi.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1
    pdf.write_bytes(bytes(data))
    broken = CliRunner().invoke(main, ["report", "verify", str(copy)])
    assert broken.exit_code == 2 and "bien-ban-2026-Q4-q1.vi.pdf" in broken.stderr
    sums = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=copy, capture_output=True, text=True, check=False
    )
    assert sums.returncode != 0
    (copy / "SHA256SUMS").write_text((copy / "SHA256SUMS").read_text() + " ")
    tampered = subprocess.run(
        [minisign, "-Vm", "SHA256SUMS", "-p", "auditor.pub"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tampered.returncode != 0


def test_two_builds_are_byte_identical(db, plan_file, built, tmp_path):
    key = built.parent / "keys" / "report.key"
    again = tmp_path / "again"
    build(db, plan_file, again, key)
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_without_a_plan_the_report_says_what_is_missing(db, tmp_path):
    out = tmp_path / "bare"
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--quarter",
            "2026-Q4",
            "--db",
            db,
            "-o",
            str(out),
            "--format",
            "html",
            "--lang",
            "en",
            "--split-annex",
        ],
    )
    assert result.exit_code == 0, result.output
    html = (out / "bao-cao-2026-Q4.en.html").read_text(encoding="utf-8")
    assert "not in the inspection plan: issuing body" in html
    assert "not in the inspection plan: deadlines" in html
    assert sorted(p.name for p in out.glob("phu-luc-*")) == [
        "phu-luc-2026-Q4-bn.en.html",
        "phu-luc-2026-Q4-q1.en.html",
        "phu-luc-2026-Q4-tp.en.html",
    ]
    assert not (out / "SHA256SUMS.minisig").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2026-Q9"], "a quarter is written like 2026-Q4"),
        (["--quarter", "2025-Q1"], "no finished scan"),
        (["--quarter", "2026-Q4", "--month", "2026-11"], "either --quarter"),
        (["--quarter", "2026-Q4", "--unit", "nowhere"], "no unit nowhere"),
        (["--quarter", "2026-Q4", "--format", "docx"], "report formats are html and pdf"),
    ],
)
def test_bad_report_input_is_one_line(db, tmp_path, args, message):
    argv = ["report", *args, "--db", db, "-o", str(tmp_path / "o")]
    result = CliRunner().invoke(main, argv, env={"AUDITOR_LANG": "en"})
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert message in line


def test_pdfs_convert_in_child_processes_and_a_failure_is_one_error(tmp_path, monkeypatch):
    from auditor.errors import UsageError
    from auditor.report import build

    def fake(html: str, path: Path) -> None:
        if "broken" in html:
            raise ValueError("no fonts")
        path.write_text(html)

    monkeypatch.setattr(build, "write_pdf", fake)
    jobs = [(f"doc {i}", tmp_path / f"{i}.pdf") for i in range(5)]
    build._convert(jobs)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.pdf" for i in range(5)]
    with pytest.raises(UsageError, match=r"PDF conversion failed: bad.pdf: ValueError: no fonts"):
        build._convert([*jobs, ("broken", tmp_path / "bad.pdf")])
