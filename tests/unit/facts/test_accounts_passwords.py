"""auditor.passwords: testing hashes on the controller, and the candidates every tester uses."""

from auditor.list_files import with_lists
from auditor.passwords import ACCOUNT_PATTERNS, PasswordTester, account_candidates, system_crypt
from auditor.registry import load_checks

SHA512 = "$6$rounds=1000$saltsalt$"


def make(password: str) -> str:
    crypt = system_crypt()
    assert crypt is not None
    return crypt(password, SHA512)


def test_bundled_list_has_vietnamese_entries():
    check = load_checks(extra=[])["common_passwords"]
    words = with_lists(check, check.meta.defaults())["wordlist"].entries
    assert 150 <= len(words) <= 300
    assert words[0] == "123456a@"
    assert {"matkhau", "anhyeuem", "Abc@123", "Admin@123", "Cmnd@123"} <= set(words)
    assert not any(w.startswith("# ") for w in words)


def test_finds_match_and_counts_tries():
    tester = PasswordTester()
    hashed = make("Abc@123")
    assert tester.test(hashed, ["a", "b", "Abc@123", "c"], 10).tried == 3
    assert tester.test(hashed, ["a", "b", "Abc@123", "c"], 2).matched is False
    assert tester.verify(hashed, "Abc@123") and not tester.verify(hashed, "abc@123")


def test_same_hash_is_tested_once():
    calls = []

    def counting(word: str, salt: str) -> str | None:
        calls.append(word)
        crypt = system_crypt()
        assert crypt is not None
        return crypt(word, salt)

    tester = PasswordTester(counting)
    hashed = make("secret-one")
    first = tester.test(hashed, ["x", "y"], 5)
    count = len(calls)
    assert tester.test(hashed, ["x", "y"], 5) == first
    assert len(calls) == count


def test_unsupported_method_is_reported_without_the_hash():
    tester = PasswordTester(lambda word, salt: "*0")
    trial = tester.test("$9$abc$def", ["a"], 5)
    assert trial.error == "the controller's crypt library does not support $9$ hashes"
    assert "def" not in trial.error


def test_account_candidates():
    assert account_candidates("canbo")[:4] == ["canbo", "canbo123", "canbo@123", "Canbo@123"]
    assert len(account_candidates("hoa")) == len(ACCOUNT_PATTERNS)
    assert "hoahoa" in account_candidates("hoa") and "Hoa@1234" in account_candidates("hoa")
