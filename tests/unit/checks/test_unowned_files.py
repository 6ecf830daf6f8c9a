from auditor.facts.base import FactError, Raw


def test_passes_on_the_lab_baseline(evaluate):
    outcome = evaluate("unowned_files", unowned_files="unowned_files/debian12_baseline.txt")
    assert outcome.status == "pass"


def test_fails_on_orphaned_files(evaluate):
    outcome = evaluate("unowned_files", unowned_files="unowned_files/debian12_orphans.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "2 file(s) whose owner or group no longer exists: 0755 5000:root /var/lib/olddb, "
        "0644 4321:4321 /srv/orphan.tar"
    )


def test_ignored_paths(evaluate):
    params = {"ignored_paths": ["/var/lib/olddb", "/srv/*"]}
    outcome = evaluate("unowned_files", params, unowned_files="unowned_files/debian12_orphans.txt")
    assert outcome.status == "pass"


def test_many_files_are_summarised(evaluate):
    lines = "".join(f"644 4321 4321 f /srv/f{i}\n" for i in range(12))
    outcome = evaluate(
        "unowned_files", unowned_files=Raw("find-limit 200\n" + lines + "find-exit 0\n")
    )
    assert outcome.message.endswith("and 2 more")


def test_incomplete_search_is_an_error(evaluate):
    timed_out = evaluate("unowned_files", unowned_files=Raw("find-limit 200\nfind-exit 124\n"))
    assert timed_out.status == "error"
    assert evaluate("unowned_files", unowned_files=Raw("")).status == "error"
    assert evaluate("unowned_files", unowned_files=FactError("root")).status == "error"
