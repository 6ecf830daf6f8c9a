from auditor.facts.base import Raw


def run(evaluate, name, params=None):
    return evaluate("password_history", params, pam=f"pam/{name}.txt")


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, "debian12_lab_baseline")
    assert outcome.status == "pass"
    assert outcome.evidence == (
        "/etc/pam.d/common-password: password requisite pam_pwhistory.so remember=10 "
        "enforce_for_root use_authtok",
    )


def test_passes_on_rhel_with_pwhistory_conf(evaluate):
    outcome = run(evaluate, "rhel9_hardened")
    assert outcome.status == "pass"
    assert "/etc/security/pwhistory.conf: remember = 24" in outcome.evidence


def test_fails_without_history(evaluate):
    outcome = run(evaluate, "debian12_default")
    assert outcome.message == (
        "fewer than 10 old passwords refused: /etc/pam.d/common-password keeps no password history"
    )
    assert run(evaluate, "rhel9_default").status == "fail"


def test_fails_on_short_history(evaluate):
    outcome = run(evaluate, "debian12_weakened")
    assert "/etc/pam.d/common-password refuses the last 3" in outcome.message
    assert run(evaluate, "debian12_weakened", {"min_remember": 3}).status == "pass"


def test_pam_unix_remember_and_module_default(evaluate):
    unix = Raw(
        "\036FILE 644 root root 60 /etc/pam.d/common-password\n"
        "password sufficient pam_unix.so sha512 remember=12\n"
    )
    assert evaluate("password_history", pam=unix).status == "pass"
    default = Raw(
        "\036FILE 644 root root 60 /etc/pam.d/common-password\n"
        "password requisite pam_pwhistory.so use_authtok\n"
    )
    assert evaluate("password_history", pam=default).status == "pass"


def test_error_without_stack(evaluate):
    assert evaluate("password_history", pam=Raw("")).status == "error"


def test_rhel7_authconfig_remember_argument(evaluate):
    outcome = run(evaluate, "rhel7_authconfig_faillock")
    assert outcome.status == "pass"
    assert (
        "/etc/pam.d/password-auth: password requisite pam_pwhistory.so use_authtok remember=12 "
        "retry=3" in outcome.evidence
    )
