import pytest

from auditor.errors import UsageError
from auditor.facts.base import FactError, Raw


def run(evaluate, path, shadow="debian12_fast_hashes"):
    return evaluate(
        "leaked_accounts",
        {"path": str(path)},
        accounts="accounts/debian12_lab.txt",
        shadow=f"shadow/{shadow}.txt",
    )


def test_skips_without_file(evaluate):
    outcome = evaluate(
        "leaked_accounts", accounts="accounts/debian12_lab.txt", shadow="shadow/debian12_lab.txt"
    )
    assert outcome.status == "skip"


def test_passes_when_no_name_matches(evaluate, tmp_path):
    leaks = tmp_path / "leaks.txt"
    leaks.write_text("# campaign 2025-Q4\nnguoila:abc\nkhach\n", encoding="utf-8")
    outcome = run(evaluate, leaks, "debian12_lab")
    assert outcome.status == "pass"
    assert outcome.message == f"none of the 2 names in {leaks} is an account on this host"


def test_reports_names_and_tests_passwords(evaluate, tmp_path):
    leaks = tmp_path / "leaks.txt"
    leaks.write_text("canbo:123456a@\nminh:Old-Pass:with-colon\nauditor\n", encoding="utf-8")
    accounts = "accounts/debian12_lab.txt"
    outcome = evaluate(
        "leaked_accounts",
        {"path": str(leaks)},
        accounts=accounts,
        shadow="shadow/debian12_fast_hashes.txt",
    )
    assert outcome.status == "fail"
    assert "auditor (password disabled)" in outcome.message
    assert "123456a@" not in outcome.message + "".join(outcome.evidence)


def test_leaked_password_still_works(evaluate, tmp_path):
    leaks = tmp_path / "leaks.txt"
    leaks.write_text("canbo:wrong\ncanbo:123456a@\nminh:Old-Pass:with-colon\n", encoding="utf-8")
    passwd = Raw(
        "\036SEC passwd\ncanbo:x:1001:1001::/home/canbo:/bin/bash\n"
        "minh:x:1002:1002::/home/minh:/bin/bash\n"
    )
    outcome = evaluate(
        "leaked_accounts",
        {"path": str(leaks)},
        accounts=passwd,
        shadow="shadow/debian12_fast_hashes.txt",
    )
    assert outcome.message.endswith(
        "canbo (the leaked password still works); minh (the leaked password no longer works)"
    )


def test_errors(evaluate, tmp_path):
    with pytest.raises(UsageError, match=r"cannot read .*missing\.txt"):
        run(evaluate, tmp_path / "missing.txt")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"caf\xe9:x\n")
    with pytest.raises(UsageError, match=r"not UTF-8 text \(byte 3\)"):
        run(evaluate, latin1)
    leaks = tmp_path / "leaks.txt"
    leaks.write_text("canbo\n", encoding="utf-8")
    outcome = evaluate(
        "leaked_accounts",
        {"path": str(leaks)},
        accounts="accounts/debian12_lab.txt",
        shadow=FactError("needs root"),
    )
    assert outcome.status == "error"
