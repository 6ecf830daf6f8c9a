from auditor.facts.base import Raw

# /etc/passwd unreadable: the collector's cat printed nothing under its section heading
NO_PASSWD = Raw("STAT 644 root root /etc/passwd\n\036SEC passwd\n\036SEC group\n", 1)


def test_passes_on_debian_and_rhel(evaluate):
    assert evaluate("duplicate_ids", accounts="accounts/debian12_lab.txt").status == "pass"
    assert evaluate("duplicate_ids", accounts="accounts/rhel9.txt").status == "pass"


def test_fails_on_shared_uid_gid_and_names(evaluate):
    outcome = evaluate("duplicate_ids", accounts="accounts/debian12_duplicates.txt")
    assert outcome.status == "fail"
    assert "UID 1001: alice, alice2" in outcome.evidence
    assert "GID 50: staff, staff2" in outcome.evidence
    assert "group name users: GID 100, GID 1002" in outcome.evidence


def test_second_uid0_is_left_to_uid0_accounts(evaluate):
    assert evaluate("duplicate_ids", accounts="accounts/debian12_toor.txt").status == "pass"


def test_error_when_passwd_unreadable(evaluate):
    outcome = evaluate("duplicate_ids", accounts=NO_PASSWD)
    assert outcome.status == "error"
    assert outcome.message == (
        "fact not available: accounts: /etc/passwd could not be read or has no entries"
    )
