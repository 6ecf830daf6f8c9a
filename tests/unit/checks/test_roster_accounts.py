from auditor.facts.base import Raw, Target

# /etc/passwd unreadable: the collector's cat printed nothing under its section heading
NO_PASSWD = Raw("STAT 644 root root /etc/passwd\n\036SEC passwd\n\036SEC group\n", 1)


def run(evaluate, accounts, roster, user=""):
    target = Target("ubnd-px1", "10.20.30.5", user=user, roster=roster)
    return evaluate(
        "roster_accounts",
        target=target,
        accounts=f"accounts/{accounts}.txt",
        login_defs="login_defs/debian12_lab.txt",
    )


def test_skips_without_roster(evaluate):
    assert run(evaluate, "debian12_lab", None).status == "skip"


def test_passes_when_all_listed_scanner_exempt(evaluate):
    assert run(evaluate, "debian12_lab", (), user="auditor").status == "pass"
    outcome = run(evaluate, "rhel9", ("nguyenvana", "tranthib"))
    assert outcome.status == "pass"
    assert outcome.message == "all 2 interactive accounts are on the roster"


def test_fails_naming_unlisted_accounts(evaluate):
    outcome = run(evaluate, "rhel9", ("nguyenvana",))
    assert outcome.status == "fail"
    assert outcome.message == "interactive accounts not on the roster: tranthib"
    assert outcome.evidence == (
        "/etc/passwd: tranthib:x:1001:1001:Tran Thi B:/home/tranthib:/bin/bash",
    )


def test_error_when_passwd_unreadable(evaluate):
    outcome = evaluate(
        "roster_accounts",
        target=Target("ubnd-px1", "10.20.30.5", roster=("nguyenvana",)),
        accounts=NO_PASSWD,
        login_defs="login_defs/debian12_lab.txt",
    )
    assert outcome.status == "error"
    assert outcome.message == (
        "fact not available: accounts: /etc/passwd could not be read or has no entries"
    )
