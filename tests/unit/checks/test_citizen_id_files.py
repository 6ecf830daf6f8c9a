from auditor.facts.base import FactError, Target

TERMINAL = Target("pc1", "10.1.2.3", role="terminal")


def run(evaluate, data, params=None):
    return evaluate("citizen_id_files", params, target=TERMINAL, citizen_data_files=data)


def test_recorded_terminal_fails_with_counts_never_numbers(evaluate):
    outcome = run(evaluate, "citizen_data_files/debian12_terminal.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("4 file(s) with citizen identity data (4 CCCD number(s)")
    text = outcome.message + " ".join(outcome.evidence)
    assert "danh_sach_ho_so.csv (160 bytes): 2 CCCD number(s), e.g. 001*******45" in text
    assert "tiep_nhan_thang_3.xlsx (702 bytes): 2 CCCD number(s)" in text
    assert "CCCD_mat_truoc.png" in text and "Căn cước - Nguyễn.pdf" in text
    assert "scan-result.schema.json" not in text  # a name alone counts for scans, not json
    for number in ("001099012345", "079301004321", "031188004567", "036095001234"):
        assert number not in text


def test_names_alone_can_be_ignored(evaluate):
    outcome = run(evaluate, "citizen_data_files/debian12_terminal.txt", {"match_names": False})
    assert outcome.status == "fail"
    assert outcome.message.startswith("2 file(s)")


def test_no_unzip_is_said(evaluate):
    outcome = run(evaluate, "citizen_data_files/no_unzip.txt")
    assert outcome.status == "fail"
    assert "scan_cmnd_0001.jpg" in outcome.message
    assert "bao_cao.xlsx" not in outcome.message
    assert any("unzip is missing" in e for e in outcome.evidence)


def test_clean_terminal_passes(evaluate):
    assert run(evaluate, "citizen_data_files/none.txt").status == "pass"


def test_skipped_on_servers_and_error(evaluate):
    outcome = evaluate(
        "citizen_id_files", citizen_data_files="citizen_data_files/debian12_terminal.txt"
    )
    assert outcome.status == "skip"
    assert run(evaluate, FactError("needs root privileges")).status == "error"
