from auditor.facts.base import Raw


def run(evaluate, name, params=None):
    return evaluate("account_lockout", params, pam=f"pam/{name}.txt")


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, "debian12_lab_baseline")
    assert outcome.status == "pass"
    assert (
        "/etc/pam.d/common-auth: auth [default=die] pam_faillock.so authfail deny=5 "
        "unlock_time=900" in outcome.evidence
    )


def test_passes_on_rhel_with_faillock_conf(evaluate):
    outcome = run(evaluate, "rhel9_hardened")
    assert outcome.status == "pass"
    assert "/etc/security/faillock.conf: deny = 5" in outcome.evidence


def test_fails_without_module(evaluate):
    outcome = run(evaluate, "debian12_default")
    assert outcome.status == "fail"
    assert "/etc/pam.d/common-auth has no pam_faillock or pam_tally2" in outcome.message
    rhel = run(evaluate, "rhel9_default")
    assert "/etc/pam.d/system-auth has no pam_faillock" in rhel.message


def test_fails_when_deny_too_high(evaluate):
    outcome = run(evaluate, "debian12_weakened")
    assert outcome.message == (
        "no lockout within 5 failed logins: /etc/pam.d/common-auth: accounts lock after 10 failures"
    )


def test_preauth_alone_counts_nothing(evaluate):
    text = (
        "\036FILE 644 root root 60 /etc/pam.d/common-auth\n"
        "auth requisite pam_faillock.so preauth deny=3\nauth required pam_unix.so\n"
    )
    outcome = evaluate("account_lockout", pam=Raw(text))
    assert "no authfail line" in outcome.message


def test_faillock_default_deny_is_three(evaluate):
    text = (
        "\036FILE 644 root root 60 /etc/pam.d/common-auth\n"
        "auth [default=die] pam_faillock.so authfail\n"
    )
    assert evaluate("account_lockout", pam=Raw(text)).status == "pass"
    assert evaluate("account_lockout", {"max_failures": 2}, pam=Raw(text)).status == "fail"


def test_tally2(evaluate):
    text = (
        "\036FILE 644 root root 60 /etc/pam.d/common-auth\n"
        "auth required pam_tally2.so onerr=fail deny=0\n"
    )
    assert "lockout disabled" in evaluate("account_lockout", pam=Raw(text)).message
    good = Raw(text.replace("deny=0", "deny=4"))
    assert evaluate("account_lockout", pam=good).status == "pass"


def test_error_without_stack(evaluate):
    assert evaluate("account_lockout", pam=Raw("")).status == "error"


def test_rhel7_authconfig_module_arguments(evaluate):
    outcome = run(evaluate, "rhel7_authconfig_faillock")
    assert outcome.status == "pass"
    assert (
        "/etc/pam.d/system-auth: auth [default=die] pam_faillock.so authfail audit deny=4 "
        "unlock_time=1200" in outcome.evidence
    )
