from auditor.facts.base import FactError, Raw


def test_passes_on_the_lab_baseline(evaluate):
    outcome = evaluate(
        "nologin_accounts",
        accounts="accounts/debian12_baseline.txt",
        shadow="shadow/debian12_baseline.txt",
    )
    assert outcome.status == "pass"
    assert "/etc/shells does not list nologin" in outcome.message


def test_fails_on_unlocked_service_account_and_nologin_in_shells(evaluate):
    outcome = evaluate(
        "nologin_accounts",
        accounts="accounts/debian12_misconfigured.txt",
        shadow="shadow/debian12_misconfigured.txt",
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "accounts without a login shell can log in: accounts without a login shell whose "
        "password is not locked: www-data (/usr/sbin/nologin); /etc/shells lists "
        "/usr/sbin/nologin as a login shell"
    )
    assert "/etc/shadow: www-data:<sha512crypt value>:20788:0:99999:7:::" in outcome.evidence


def test_shell_not_in_etc_shells_counts_as_no_login_shell(evaluate):
    accounts = Raw(
        "\036SEC passwd\nroot:x:0:0::/root:/bin/bash\nsync:x:4:65534::/bin:/bin/sync\n"
        "\036SEC group\nroot:x:0:\n\036SEC shells\n/bin/bash\n"
    )
    shadow = Raw("root:!:1::::::\nsync:$y$j9T$abc$def:1::::::\n")
    outcome = evaluate("nologin_accounts", accounts=accounts, shadow=shadow)
    assert outcome.status == "fail"
    assert "sync (/bin/sync)" in outcome.message


def test_without_etc_shells_nologin_shells_decide(evaluate):
    accounts = Raw("\036SEC passwd\nroot:x:0:0::/root:/bin/bash\n\036SEC group\nroot:x:0:\n")
    outcome = evaluate("nologin_accounts", accounts=accounts, shadow=Raw("root:!:1::::::\n"))
    assert outcome.status == "pass"
    assert "there is no /etc/shells" in outcome.message


def test_error_without_shadow(evaluate):
    outcome = evaluate(
        "nologin_accounts", accounts="accounts/debian12_baseline.txt", shadow=FactError("root")
    )
    assert outcome.status == "error"
