from auditor.facts.base import FactError, Raw


def test_clean_machine_passes(evaluate):
    outcome = evaluate("world_writable_files", world_writable="world_writable/debian12_clean.txt")
    assert outcome.status == "pass"


def test_offenders_listed(evaluate):
    outcome = evaluate(
        "world_writable_files", world_writable="world_writable/debian12_offenders.txt"
    )
    assert outcome.status == "fail"
    assert "0666 root:root /etc/zz-ww-test (file)" in outcome.message
    assert "0777 root:root /var/zz-ww-dir (directory)" in outcome.message


def test_ignored_paths(evaluate):
    params = {"ignored_paths": ["/etc/zz-*", "/var/zz-ww-dir"]}
    outcome = evaluate(
        "world_writable_files", params, world_writable="world_writable/debian12_offenders.txt"
    )
    assert outcome.status == "pass"


def test_partial_scan_is_said(evaluate):
    outcome = evaluate("world_writable_files", world_writable="world_writable/rhel9_timeout.txt")
    assert outcome.status == "fail"
    assert "find timed out: the listing is partial" in outcome.evidence
    empty = Raw("find-limit 200\nfind-exit 124\n")
    outcome = evaluate("world_writable_files", world_writable=empty)
    assert outcome.status == "error"


def test_cut_listing(evaluate):
    lines = "find-limit 200\n" + "".join(f"666 root root f /etc/f{i}\n" for i in range(201))
    outcome = evaluate("world_writable_files", world_writable=Raw(lines))
    assert outcome.status == "fail"
    assert "200 world-writable path(s)" in outcome.message
    assert "listing cut at 200 entries" in outcome.evidence


def test_error(evaluate):
    assert evaluate("world_writable_files", world_writable=Raw("")).status == "error"
    assert evaluate("world_writable_files", world_writable=FactError("x")).status == "error"
