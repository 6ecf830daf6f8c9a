from auditor.facts.base import FactError, Raw


def test_passes_when_root_locked(evaluate):
    outcome = evaluate("root_password_login", shadow="shadow/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("/etc/shadow: root:!*:20403:0:99999:7:::",)


def test_fails_when_root_has_a_password(evaluate):
    outcome = evaluate("root_password_login", shadow="shadow/rhel9.txt")
    assert outcome.status == "fail"
    assert outcome.message == "root has a usable password (sha512crypt hash); it is not locked"
    assert outcome.evidence == ("/etc/shadow: root:<sha512crypt value>:19800:0:99999:7:::",)


def test_empty_root_password(evaluate):
    outcome = evaluate("root_password_login", shadow=Raw("root::19800:0:99999:7:::\n"))
    assert outcome.message == "root has an empty password"


def test_errors(evaluate):
    assert evaluate("root_password_login", shadow=Raw("bin:*:1::::::\n")).status == "error"
    assert evaluate("root_password_login", shadow=FactError("needs root")).status == "error"


def test_a_password_passes_where_the_profile_allows_one(evaluate):
    rhel = evaluate("root_password_login", {"allow_password": True}, shadow="shadow/rhel9.txt")
    assert rhel.status == "pass"
    assert rhel.message == "root has a password (sha512crypt hash), which the profile allows"
    empty = Raw("root::19800:0:99999:7:::\n")
    assert evaluate("root_password_login", {"allow_password": True}, shadow=empty).status == "fail"
