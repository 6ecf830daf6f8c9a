from auditor.facts.base import FactError, Target

TERMINAL = Target("pc1", "10.1.2.3", role="terminal")
# The synthetic numbers the recordings were made from (see make_samples.py): never shown.
NUMBERS = ("001099012345", "079301004321", "001099000011", "036095000055", "001099000134")


def run(evaluate, data, params=None):
    return evaluate("citizen_id_files", params, target=TERMINAL, citizen_data_files=data)


def test_recorded_terminal_fails_on_office_documents_with_counts_never_numbers(evaluate):
    outcome = run(evaluate, "citizen_data_files/debian12_terminal.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("8 file(s) with citizen identity data (13 CCCD number(s)")
    assert outcome.message.endswith("and 3 more")
    text = outcome.message + " ".join(outcome.evidence)
    assert "danh_sach_ho_so.csv (csv, 77 bytes): 2 CCCD number(s), e.g. 001*******45, 079" in text
    assert (
        "tiep_nhan_thang_3.xlsx (xlsx, 1316 bytes): 3 CCCD number(s), "
        "e.g. 001*******11, 079*******22, 031*******44"
    ) in text
    for found in ("to_khai_cu_tru.docx (docx", "danh_sach_ho_khau.ods (ods", "pptx (pptx"):
        assert found in text
    assert "bien_ban_xac_minh.odt (odt, 483 bytes): 1 CCCD number(s)" in text
    assert "CCCD_mat_truoc.png (png, 24 bytes): name looks like" in text
    assert "scan-result.schema.json" not in text  # a name alone counts for scans, not json
    assert "2 pdf file(s) not examined: pdftotext is not on the host" in outcome.evidence
    for number in NUMBERS:
        assert number not in text


def test_pdf_text_counts_where_pdftotext_exists(evaluate):
    outcome = run(evaluate, "citizen_data_files/debian12_pdftotext.txt")
    assert outcome.status == "fail"
    assert any(
        e.endswith(
            "xac_nhan_cu_tru.pdf (pdf, 635 bytes): 2 CCCD number(s), e.g. 001*******34, "
            "079*******45"
        )
        for e in outcome.evidence
    )
    assert not any("not examined" in e for e in outcome.evidence)


def test_names_alone_can_be_ignored(evaluate):
    outcome = run(evaluate, "citizen_data_files/debian12_terminal.txt", {"match_names": False})
    assert outcome.status == "fail"
    assert outcome.message.startswith("6 file(s)")
    outcome = run(evaluate, "citizen_data_files/debian12_terminal.txt", {"min_numbers": 3})
    assert outcome.message.startswith("5 file(s) with citizen identity data (9 CCCD")


def test_types_not_examined_are_said_per_type(evaluate):
    outcome = run(evaluate, "citizen_data_files/debian12_no_readers.txt", {"match_names": False})
    assert outcome.status == "fail"  # the CSV is still read
    assert outcome.message.startswith("1 file(s)")
    notes = [e for e in outcome.evidence if "not examined" in e]
    assert notes == [
        "2 docx file(s) not examined: neither unzip nor python3 is on the host",
        "1 ods file(s) not examined: neither unzip nor python3 is on the host",
        "1 odt file(s) not examined: neither unzip nor python3 is on the host",
        "2 pdf file(s) not examined: pdftotext is not on the host",
        "1 pptx file(s) not examined: neither unzip nor python3 is on the host",
        "2 xlsx file(s) not examined: neither unzip nor python3 is on the host",
    ]


def test_a_partial_search_passes_saying_so(evaluate):
    outcome = run(evaluate, "citizen_data_files/walk_timeout.txt", {"match_names": False})
    assert outcome.status == "pass"
    assert "the search was partial: the search stopped at its time limit of 80 s" in (
        outcome.message
    )
    outcome = run(evaluate, "citizen_data_files/debian12_bounds.txt")
    assert outcome.status == "fail"
    assert "the search stopped after 2000 files" in outcome.evidence
    assert any("read only up to 10485760 bytes" in e for e in outcome.evidence)
    assert "230367 CCCD number(s)" in outcome.message


def test_clean_terminal_passes(evaluate):
    outcome = run(evaluate, "citizen_data_files/none.txt")
    assert outcome.status == "pass"
    assert outcome.message.endswith("(0 file(s) examined)")


def test_skipped_on_servers_and_error(evaluate):
    outcome = evaluate(
        "citizen_id_files", citizen_data_files="citizen_data_files/debian12_terminal.txt"
    )
    assert outcome.status == "skip"
    assert run(evaluate, FactError("needs root privileges")).status == "error"
    assert run(evaluate, "citizen_data_files/make_samples.py").status == "error"
