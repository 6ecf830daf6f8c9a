from auditor.facts.base import Raw

# /etc/passwd unreadable: the collector's cat printed nothing under its section heading
NO_PASSWD = Raw("STAT 644 root root /etc/passwd\n\036SEC passwd\n\036SEC group\n", 1)


def run(evaluate, accounts, defs="debian12_lab", params=None):
    return evaluate(
        "system_accounts_shell",
        params,
        accounts=f"accounts/{accounts}.txt",
        login_defs=f"login_defs/{defs}.txt",
    )


def test_passes_on_lab_and_rhel(evaluate):
    assert run(evaluate, "debian12_lab").status == "pass"
    assert run(evaluate, "rhel9", "rhel9").status == "pass"  # sync, shutdown, halt exempt
    assert run(evaluate, "debian12_toor").status == "pass"  # UID 0: uid0_accounts


def test_fails_on_service_account_with_shell(evaluate):
    outcome = run(evaluate, "debian12_www_shell")
    assert outcome.status == "fail"
    assert outcome.message == (
        "system accounts (UID below 1000) with a login shell: www-data (/bin/bash)"
    )
    postgres = run(evaluate, "debian12_postgres")
    assert "postgres (/bin/bash)" in postgres.message


def test_exemptions_are_a_parameter(evaluate):
    params = {"exempt": ["root", "sync", "postgres"]}
    assert run(evaluate, "debian12_postgres", params=params).status == "pass"


def test_error_when_passwd_unreadable(evaluate):
    outcome = evaluate(
        "system_accounts_shell", accounts=NO_PASSWD, login_defs="login_defs/debian12_lab.txt"
    )
    assert outcome.status == "error"
    assert outcome.message == (
        "fact not available: accounts: /etc/passwd could not be read or has no entries"
    )
