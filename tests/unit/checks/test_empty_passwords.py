from auditor.facts.base import FactError, Raw

CLOCK = 1763800000  # 2025-11-22


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow="shadow/debian12_lab.txt",
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
    )
    assert outcome.status == "pass"


def test_fails_naming_account_without_revealing_hashes(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow="shadow/debian12_weak.txt",
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
    )
    assert outcome.status == "fail"
    assert outcome.message == "accounts with an empty password: guest"
    assert outcome.evidence == ("/etc/shadow: guest::20410:1:60:7:45::",)
    assert "$" not in "".join(outcome.evidence)


def test_empty_passwd_field_counts(evaluate):
    passwd = Raw(
        "\036SEC passwd\nroot:x:0:0:root:/root:/bin/bash\nkiosk::1005:1005::/home/kiosk:/bin/sh\n"
    )
    outcome = evaluate("empty_passwords", shadow="shadow/rhel9.txt", accounts=passwd, clock=CLOCK)
    assert outcome.status == "fail"
    assert "kiosk" in outcome.message
    assert outcome.evidence == ("/etc/passwd: kiosk::1005:1005::/home/kiosk:/bin/sh",)


def test_passes_on_rhel(evaluate):
    outcome = evaluate(
        "empty_passwords", shadow="shadow/rhel9.txt", accounts="accounts/rhel9.txt", clock=CLOCK
    )
    assert outcome.status == "pass"


def test_error_without_root(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow=FactError("needs root privileges"),
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
    )
    assert outcome.status == "error"
    assert "needs root" in outcome.message
