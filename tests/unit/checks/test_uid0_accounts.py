from auditor.facts.base import FactError


def test_passes_when_only_root(evaluate):
    outcome = evaluate("uid0_accounts", accounts="accounts/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("/etc/passwd: root:x:0:0:root:/root:/bin/bash",)


def test_passes_on_rhel(evaluate):
    assert evaluate("uid0_accounts", accounts="accounts/rhel9.txt").status == "pass"


def test_fails_on_second_uid0(evaluate):
    outcome = evaluate("uid0_accounts", accounts="accounts/debian12_toor.txt")
    assert outcome.status == "fail"
    assert outcome.message == "accounts other than root with UID 0: toor"
    assert "/etc/passwd: toor:x:0:0::/root:/bin/bash" in outcome.evidence


def test_allowed_list_is_a_parameter(evaluate):
    outcome = evaluate(
        "uid0_accounts", {"allowed": ["root", "toor"]}, accounts="accounts/debian12_toor.txt"
    )
    assert outcome.status == "pass"


def test_error_when_passwd_unreadable(evaluate):
    outcome = evaluate("uid0_accounts", accounts=FactError("/etc/passwd could not be read"))
    assert outcome.status == "error"
