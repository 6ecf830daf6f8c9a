"""The citizen_data_files collector: counts and masked samples of CCCD numbers by file type."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import FactError, Raw
from auditor.facts.citizen_data_files import BATCH_FILES, SCRIPT, parse_citizen_data_files
from auditor.facts.script import PRELUDE, collector_body

DATA = Path(__file__).resolve().parents[2] / "data" / "facts" / "citizen_data_files"
# A full CCCD number anywhere in a recording would be a leak.
FULL_NUMBER = re.compile(r"(?<!\d)(00[1-9]|0[1-8]\d|09[0-6])[0-3]\d{8}(?!\d)")
# What make_samples.py and the recordings' setup wrote: (kind, numbers, samples).
EXPECTED = {
    "danh_sach_ho_so.csv": ("csv", 2, ("001*******45", "079*******21")),
    "danh_sach_ho_khau.ods": ("ods", 3, ("001*******99", "079*******01", "031*******12")),
    "trinh_chieu_quy_trinh.pptx": ("pptx", 1, ("001*******88",)),
    "tiep_nhan_thang_3.xlsx": ("xlsx", 3, ("001*******11", "079*******22", "031*******44")),
    "bien_ban_xac_minh.odt": ("odt", 1, ("036*******23",)),
    "to_khai_cu_tru.docx": ("docx", 3, ("036*******55", "001*******66", "079*******77")),
}

SEARCHED = "local_dirs /home /root /tmp /var/tmp"


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def run_snippet(directory: Path, options: dict) -> str:
    """What the collector's snippet prints (run by dash, as a host's /bin/sh) when it searches
    ``directory`` instead of the homes and temp directories."""
    body = collector_body(load_collectors()["citizen_data_files"], options)
    script = PRELUDE + body.replace(SEARCHED, f"local_dirs {directory}")
    shell = shutil.which("dash") or "sh"
    return subprocess.run([shell], input=script, text=True, capture_output=True, check=True).stdout


def by_name(name: str) -> dict:
    return {f.path.rpartition("/")[2]: f for f in parse_citizen_data_files(recorded(name)).files}


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.txt")))
def test_recordings_hold_no_full_number(name):
    assert not FULL_NUMBER.search((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["debian12_terminal.txt", "debian12_python_zip.txt"])
def test_office_documents_are_counted_with_unzip_or_python(name):
    scan = parse_citizen_data_files(recorded(name))
    assert scan.zip_reader == ("unzip" if "terminal" in name else "python3")
    assert scan.complete and not scan.partial and scan.examined == 12
    files = by_name(name)
    for file, (kind, numbers, samples) in EXPECTED.items():
        assert (files[file].kind, files[file].numbers, files[file].samples) == (
            kind,
            numbers,
            samples,
        )
        assert not files[file].name_match and not files[file].no_tool
    # no number (099 is no province, 10 and 13 digits) and not a zip: not listed
    assert "bao_cao_tong_hop.xlsx" not in files and "hong.docx" not in files
    # pdftotext is not in the lab image: PDFs are listed as not examined
    assert files["xac_nhan_cu_tru.pdf"].no_tool and files["xac_nhan_cu_tru.pdf"].numbers is None
    png = files["CCCD_mat_truoc.png"]
    assert png.name_match and png.numbers is None and not png.no_tool
    schema = files["scan-result.schema.json"]
    assert not schema.name_match and schema.numbers == 0  # a name alone counts for scans only


def test_pdf_text_is_counted_with_pdftotext():
    scan = parse_citizen_data_files(recorded("debian12_pdftotext.txt"))
    assert scan.pdftotext
    files = by_name("debian12_pdftotext.txt")
    pdf = files["xac_nhan_cu_tru.pdf"]
    assert (pdf.kind, pdf.numbers, pdf.samples) == ("pdf", 2, ("001*******34", "079*******45"))
    named = files["Căn cước - Nguyễn.pdf"]  # not a readable PDF: listed for its name
    assert named.name_match and named.numbers == 0


def test_without_unzip_and_python3_documents_are_not_examined():
    scan = parse_citizen_data_files(recorded("debian12_no_readers.txt"))
    assert scan.zip_reader == "" and not scan.pdftotext
    files = by_name("debian12_no_readers.txt")
    unread = sorted(f.kind for f in files.values() if f.no_tool)
    assert unread == ["docx", "docx", "ods", "odt", "pdf", "pdf", "pptx", "xlsx", "xlsx"]
    assert all(f.numbers is None for f in files.values() if f.no_tool)
    assert files["danh_sach_ho_so.csv"].numbers == 2  # text is still read


def test_bounds_hit_are_reported():
    scan = parse_citizen_data_files(recorded("debian12_bounds.txt"))
    assert scan.hit_files and not scan.hit_time and scan.partial
    assert (scan.examined, scan.max_files, scan.max_bytes) == (2000, 2000, 10485760)
    (big,) = scan.files
    assert big.truncated and big.size > scan.max_bytes and big.numbers == 230367
    scan = parse_citizen_data_files(recorded("walk_timeout.txt"))
    assert scan.hit_time and not scan.hit_files and scan.seconds == 80


@pytest.mark.parametrize(
    "text",
    [
        "",
        "unzip=1\ndone",  # the output of the collector before the bounds were reported
        "tools unzip=1 python3=1 pdftotext=0 timeout=1\nlimits files=many\ndone",
    ],
)
def test_unreadable_output_is_an_error(text):
    with pytest.raises(FactError):
        parse_citizen_data_files(Raw(text))


@pytest.mark.skipif(not shutil.which("unzip"), reason="needs unzip")
def test_script_counts_the_generated_samples(tmp_path):
    """The snippet itself, pointed at a directory of make_samples.py documents."""
    subprocess.run(["python3", str(DATA / "make_samples.py"), str(tmp_path)], check=True)
    (tmp_path / "danh_sach_ho_so.csv").write_text("1,001099012345\n2,079301004321\n")
    assert SEARCHED in SCRIPT
    out = run_snippet(tmp_path, {})
    scan = parse_citizen_data_files(Raw(out))
    assert scan.complete and scan.examined == 9
    found = {f.path.rpartition("/")[2]: (f.kind, f.numbers, f.samples) for f in scan.files}
    for file, expected in EXPECTED.items():
        assert found[file] == expected
    assert not FULL_NUMBER.search(out)


def test_the_script_stops_at_the_file_bound_it_is_given(tmp_path):
    subprocess.run(["python3", str(DATA / "make_samples.py"), str(tmp_path)], check=True)
    scan = parse_citizen_data_files(Raw(run_snippet(tmp_path, {"max_files": 2})))
    assert (scan.examined, scan.max_files, scan.hit_files, scan.partial) == (2, 2, True, True)


def test_text_files_are_counted_in_batches_as_one_by_one(tmp_path):
    """Text files no larger than max_bytes are read by one awk for up to BATCH_FILES of them or
    about max_bytes of text; a larger one is read alone, up to max_bytes. Each file gets its own
    count either way."""
    numbers = {}
    for i in range(BATCH_FILES * 2 + 5):
        n = i % 4
        text = "".join(f"{k},0790{k:02d}00{i:04d}\n" for k in range(n)) + "x,012345\n"
        (tmp_path / f"list {i}.txt").write_text(text)
        numbers[f"list {i}.txt"] = n
    (tmp_path / "cccd_nhan_vien.csv").write_text("no numbers here\n")
    for k in range(3):  # 8,996 bytes each: the third fills a batch by its bytes
        (tmp_path / f"mid {k}.csv").write_text("079301004321\n" * 692)
    (tmp_path / "big.csv").write_text("001099012345\n" * 2000)  # 26,000 bytes, past the bound
    scan = parse_citizen_data_files(Raw(run_snippet(tmp_path, {"max_bytes": 20000})))
    assert scan.complete and scan.examined == BATCH_FILES * 2 + 10 and not scan.partial
    found = {f.path.rpartition("/")[2]: f for f in scan.files}
    assert {name: f.numbers for name, f in found.items() if name.startswith("list ")} == {
        name: n for name, n in numbers.items() if n
    }
    assert found["list 3.txt"].samples == ("079*******03",)
    assert not found["list 3.txt"].truncated and found["list 3.txt"].size == 3 * 15 + 9
    named = found["cccd_nhan_vien.csv"]
    assert named.name_match and named.numbers == 0
    assert [found[f"mid {k}.csv"].numbers for k in range(3)] == [692] * 3
    big = found["big.csv"]
    assert big.truncated and big.numbers == (20000 + 1) // 13 and big.size == 26000
