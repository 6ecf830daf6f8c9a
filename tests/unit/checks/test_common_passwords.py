import pytest

from auditor.errors import UsageError
from auditor.facts.base import FactError, Raw


def test_passes_without_usable_hashes(evaluate):
    outcome = evaluate(
        "common_passwords",
        shadow="shadow/debian12_lab.txt",
        password_trials="password_trials/debian12_lab.txt",
    )
    assert outcome.status == "pass"
    assert outcome.message.startswith("0 password hash(es) tested")


def test_finds_list_and_account_derived_passwords_on_the_host_without_revealing_them(evaluate):
    outcome = evaluate(
        "common_passwords",
        shadow="shadow/debian12_fast_hashes.txt",
        password_trials="password_trials/debian12_fast_hashes.txt",
    )
    assert outcome.status == "fail"
    assert outcome.message == "accounts with a common password: canbo, minh"
    assert "hoa: sha512crypt hash, 30 candidates tested on the host, no match" in outcome.evidence
    text = outcome.message + "".join(outcome.evidence)
    assert "123456a@" not in text and "Minh@123" not in text and "$6$" not in text


def test_what_the_host_cannot_test_is_tested_on_the_controller(evaluate):
    outcome = evaluate(
        "common_passwords",
        shadow="shadow/debian12_weak.txt",
        password_trials="password_trials/debian12_weak.txt",
    )
    assert outcome.status == "fail"
    assert outcome.message == "accounts with a common password: canbo"
    assert "olduser: yescrypt hash, 30 candidates tested on the host, no match" in outcome.evidence
    assert (
        "canbo: yescrypt hash matches a listed common password, tested on the host"
        in outcome.evidence
    )
    # a DES hash is not among the methods the host tests: the controller does, on fewer
    assert "oldunix: des hash, 10 candidates tested on the controller, no match" in outcome.evidence


def test_without_perl_the_controller_tests_every_hash_with_its_own_cap(evaluate):
    def run(cap: int):
        return evaluate(
            "common_passwords",
            {"controller_candidates": cap},
            shadow="shadow/debian12_fast_hashes.txt",
            password_trials="password_trials/noperl.txt",
        )

    capped = run(3)
    assert capped.status == "pass"  # neither password is among the first 3 candidates
    assert (
        "hoa: sha512crypt hash, 3 candidates tested on the controller "
        "(the host has no perl to test them), no match"
    ) in capped.evidence
    assert run(4).message == "accounts with a common password: minh"
    assert run(10).message == "accounts with a common password: canbo, minh"


def test_a_method_neither_crypt_supports_is_an_error(evaluate):
    shadow = Raw("canbo:$gy$j9T$abc$def:20000:0:99999:7:::\n")
    trials = Raw("unsupported 0 $gy$ canbo\n")
    outcome = evaluate("common_passwords", shadow=shadow, password_trials=trials)
    assert outcome.status == "error"
    assert "does not support $gy$ hashes" in outcome.message
    assert "def" not in outcome.message


def test_accounts_beyond_the_cap_are_reported_untested(evaluate):
    def run(most: int):
        return evaluate(
            "common_passwords",
            {"max_accounts": most},
            shadow="shadow/debian12_fast_hashes.txt",
            password_trials="password_trials/debian12_fast_hashes.txt",
        )

    outcome = run(1)
    assert outcome.status == "fail"
    assert outcome.message == "accounts with a common password: canbo"
    assert "minh, hoa: not tested (more than max_accounts=1)" in outcome.evidence
    assert run(0).status == "error"


def test_an_unreadable_list_stops_the_plan_and_a_missing_fact_is_an_error(evaluate, tmp_path):
    with pytest.raises(UsageError, match=r"none.txt \(parameter wordlist of common_passwords\)"):
        evaluate(
            "common_passwords",
            {"wordlist": str(tmp_path / "none.txt")},
            shadow="shadow/debian12_lab.txt",
            password_trials="password_trials/debian12_lab.txt",
        )
    missing = evaluate(
        "common_passwords",
        shadow=FactError("needs root"),
        password_trials="password_trials/debian12_lab.txt",
    )
    assert missing.status == "error"
    timed_out = evaluate(
        "common_passwords",
        shadow="shadow/debian12_lab.txt",
        password_trials=FactError("collector timed out on the host"),
    )
    assert timed_out.status == "error"
