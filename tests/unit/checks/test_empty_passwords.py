from auditor.facts.base import FactError, Raw

CLOCK = 1763800000  # 2025-11-22
LAB_PAM = "pam/debian12_lab_baseline.txt"


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow="shadow/debian12_lab.txt",
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
        pam=LAB_PAM,
    )
    assert outcome.status == "pass"


def test_fails_naming_account_without_revealing_hashes(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow="shadow/debian12_weak.txt",
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
        pam=LAB_PAM,
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "logging in without a password is possible: accounts with an empty password: guest"
    )
    assert outcome.evidence == ("/etc/shadow: guest::20410:1:60:7:45::",)
    assert "$" not in "".join(outcome.evidence)


def test_empty_passwd_field_counts(evaluate):
    passwd = Raw(
        "\036SEC passwd\nroot:x:0:0:root:/root:/bin/bash\nkiosk::1005:1005::/home/kiosk:/bin/sh\n"
    )
    outcome = evaluate(
        "empty_passwords",
        shadow="shadow/rhel9.txt",
        accounts=passwd,
        clock=CLOCK,
        pam="pam/rhel9_hardened.txt",
    )
    assert outcome.status == "fail"
    assert "kiosk" in outcome.message
    assert outcome.evidence == ("/etc/passwd: kiosk::1005:1005::/home/kiosk:/bin/sh",)


def test_fails_on_nullok(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow="shadow/debian12_lab.txt",
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
        pam="pam/debian12_weak_rules.txt",
    )
    assert outcome.message == (
        "logging in without a password is possible: pam_unix accepts empty passwords (nullok)"
    )
    assert outcome.evidence == (
        "/etc/pam.d/common-auth: auth [success=2 default=ignore] pam_unix.so nullok try_first_pass",
    )


def test_nullok_on_rhel_stacks_and_debian_default(evaluate):
    rhel7 = evaluate(
        "empty_passwords",
        shadow="shadow/rhel9.txt",
        accounts="accounts/rhel9.txt",
        clock=CLOCK,
        pam="pam/rhel7_authconfig_faillock.txt",
    )
    assert rhel7.status == "fail"
    assert len(rhel7.evidence) == 4  # auth and password lines of system-auth and password-auth
    assert (
        "/etc/pam.d/password-auth: password sufficient pam_unix.so sha512 shadow nullok "
        "try_first_pass use_authtok" in rhel7.evidence
    )
    debian = evaluate(
        "empty_passwords",
        shadow="shadow/debian12_lab.txt",
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
        pam="pam/debian12_default.txt",
    )
    assert "nullok" in debian.message


def test_passes_on_rhel(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow="shadow/rhel9.txt",
        accounts="accounts/rhel9.txt",
        clock=CLOCK,
        pam="pam/rhel9_hardened.txt",
    )
    assert outcome.status == "pass"


def test_error_without_root(evaluate):
    outcome = evaluate(
        "empty_passwords",
        shadow=FactError("needs root privileges"),
        accounts="accounts/debian12_lab.txt",
        clock=CLOCK,
        pam=LAB_PAM,
    )
    assert outcome.status == "error"
    assert "needs root" in outcome.message
