import pytest

from auditor.errors import UsageError
from auditor.facts.base import FactError


def test_passes_without_usable_hashes(evaluate):
    outcome = evaluate("common_passwords", shadow="shadow/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("0 password hash(es) tested")


def test_finds_list_and_account_derived_passwords_without_revealing_them(evaluate):
    outcome = evaluate("common_passwords", shadow="shadow/debian12_fast_hashes.txt")
    assert outcome.status == "fail"
    assert outcome.message == "accounts with a common password: canbo, minh"
    assert "hoa: sha512crypt hash, 294 candidates, no match" in outcome.evidence
    text = outcome.message + "".join(outcome.evidence)
    assert "123456a@" not in text and "Minh@123" not in text and "$6$" not in text


def test_yescrypt_hash_of_lab_scenario(evaluate, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("# small list for the test\nmatkhau\n123456a@\n", encoding="utf-8")
    outcome = evaluate(
        "common_passwords", {"wordlist": str(words)}, shadow="shadow/debian12_weak.txt"
    )
    assert outcome.status == "fail"
    assert outcome.message == "accounts with a common password: canbo"


def test_candidate_cap_is_a_parameter(evaluate):
    capped = evaluate(
        "common_passwords", {"max_candidates": 3}, shadow="shadow/debian12_fast_hashes.txt"
    )
    assert capped.status == "pass"  # neither password is among the first 3 candidates
    wider = evaluate(
        "common_passwords", {"max_candidates": 4}, shadow="shadow/debian12_fast_hashes.txt"
    )
    assert wider.message == "accounts with a common password: minh"


def test_accounts_beyond_the_cap_are_reported_untested(evaluate):
    outcome = evaluate(
        "common_passwords", {"max_accounts": 1}, shadow="shadow/debian12_fast_hashes.txt"
    )
    assert outcome.status == "fail"
    assert outcome.message == "accounts with a common password: canbo"
    assert "minh, hoa: not tested (more than max_accounts=1)" in outcome.evidence
    none_found = evaluate(
        "common_passwords", {"max_accounts": 0}, shadow="shadow/debian12_fast_hashes.txt"
    )
    assert none_found.status == "error"


def test_an_unreadable_list_stops_the_plan_and_a_missing_fact_is_an_error(evaluate, tmp_path):
    with pytest.raises(UsageError, match=r"none.txt \(parameter wordlist of common_passwords\)"):
        evaluate(
            "common_passwords",
            {"wordlist": str(tmp_path / "none.txt")},
            shadow="shadow/debian12_lab.txt",
        )
    assert evaluate("common_passwords", shadow=FactError("needs root")).status == "error"
