from auditor.facts.base import FactError


def test_passes_on_the_lab_baseline_and_rhel(evaluate):
    outcome = evaluate("passwd_integrity", accounts="accounts/debian12_baseline.txt")
    assert outcome.status == "pass"
    assert evaluate("passwd_integrity", accounts="accounts/rhel9.txt").status == "pass"


def test_fails_on_password_in_passwd_and_missing_group(evaluate):
    outcome = evaluate("passwd_integrity", accounts="accounts/debian12_misconfigured.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "/etc/passwd is inconsistent: accounts whose password is not in /etc/shadow: games, "
        "news; accounts whose group is not in /etc/group: labghost (GID 4242)"
    )
    assert "/etc/passwd: news:<hash>:9:9:news:/var/spool/news:/usr/sbin/nologin" in outcome.evidence
    assert not any("$6$" in line for line in outcome.evidence)


def test_error_when_passwd_unreadable(evaluate):
    assert evaluate("passwd_integrity", accounts=FactError("x")).status == "error"
