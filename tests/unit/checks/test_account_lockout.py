from auditor.facts.base import Raw


def run(evaluate, name, params=None):
    return evaluate("account_lockout", params, pam=f"pam/{name}.txt")


def stack(*lines, conf=None):
    text = "\036FILE 644 root root 60 /etc/pam.d/common-auth\n" + "\n".join(lines) + "\n"
    if conf is not None:
        text += f"\036FILE 644 root root 30 /etc/security/faillock.conf\n{conf}"
    return Raw(text)


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, "debian12_lab_baseline")
    assert outcome.status == "pass"
    assert outcome.message == (
        "accounts, root included, lock after at most 5 failed logins for 900 s or more "
        "(/etc/pam.d/common-auth)"
    )
    assert (
        "/etc/pam.d/common-auth: auth [default=die] pam_faillock.so authfail deny=5 "
        "unlock_time=43200" in outcome.evidence
    )
    assert "/etc/security/faillock.conf: root_unlock_time = 900" in outcome.evidence
    assert run(evaluate, "debian12_lab_baseline", {"min_unlock_time": 43200}).status == "pass"


def test_passes_on_rhel_with_faillock_conf(evaluate):
    outcome = run(evaluate, "rhel9_hardened")
    assert outcome.status == "pass"
    assert "/etc/security/faillock.conf: deny = 5" in outcome.evidence
    assert "/etc/security/faillock.conf: root_unlock_time = 60" in outcome.evidence


def test_fails_without_module(evaluate):
    outcome = run(evaluate, "debian12_default")
    assert outcome.status == "fail"
    assert "/etc/pam.d/common-auth has no pam_faillock or pam_tally2" in outcome.message
    rhel = run(evaluate, "rhel9_default")
    assert "/etc/pam.d/system-auth has no pam_faillock" in rhel.message


def test_fails_when_deny_too_high(evaluate):
    outcome = run(evaluate, "debian12_weakened")
    assert outcome.status == "fail"
    assert "/etc/pam.d/common-auth: accounts lock after 10 failures" in outcome.message


def test_fails_on_short_lock_and_unlocked_root(evaluate):
    outcome = run(evaluate, "debian12_weak_rules")
    assert outcome.message == (
        "no lockout within 5 failed logins for 900 s or more: /etc/pam.d/common-auth: locked "
        "accounts unlock after 300 s; /etc/pam.d/common-auth: root is never locked (no "
        "even_deny_root or root_unlock_time)"
    )
    assert "/etc/security/faillock.conf: unlock_time = 300" in outcome.evidence
    relaxed = {"min_unlock_time": 300, "lock_root": False}
    assert run(evaluate, "debian12_weak_rules", relaxed).status == "pass"


def test_profile_lock_of_twelve_hours(evaluate):
    outcome = run(evaluate, "rhel9_hardened", {"min_unlock_time": 43200})
    assert "locked accounts unlock after 900 s" in outcome.message


def test_line_arguments_override_the_file_and_the_weakest_line_counts(evaluate):
    pam = stack(
        "auth requisite pam_faillock.so preauth unlock_time=120",
        "auth [default=die] pam_faillock.so authfail",
        conf="deny = 4\nunlock_time = 1800\neven_deny_root\n",
    )
    outcome = evaluate("account_lockout", pam=pam)
    assert "locked accounts unlock after 120 s" in outcome.message
    assert "/etc/security/faillock.conf: unlock_time = 1800" in outcome.evidence


def test_never_unlocking_and_module_default(evaluate):
    never = stack("auth [default=die] pam_faillock.so authfail even_deny_root unlock_time=never")
    assert evaluate("account_lockout", pam=never).status == "pass"
    zero = stack("auth [default=die] pam_faillock.so authfail even_deny_root unlock_time=0")
    assert evaluate("account_lockout", pam=zero).status == "pass"
    default = stack("auth [default=die] pam_faillock.so authfail even_deny_root")
    assert "unlock after 600 s" in evaluate("account_lockout", pam=default).message


def test_root_unlock_time(evaluate):
    short = stack("auth [default=die] pam_faillock.so authfail unlock_time=900 root_unlock_time=30")
    assert "root unlocks after 30 s" in evaluate("account_lockout", pam=short).message
    enough = stack(
        "auth [default=die] pam_faillock.so authfail unlock_time=900 root_unlock_time=60"
    )
    assert evaluate("account_lockout", pam=enough).status == "pass"


def test_preauth_alone_counts_nothing(evaluate):
    pam = stack("auth requisite pam_faillock.so preauth deny=3", "auth required pam_unix.so")
    outcome = evaluate("account_lockout", pam=pam)
    assert "no authfail line" in outcome.message


def test_faillock_default_deny_is_three(evaluate):
    pam = stack("auth [default=die] pam_faillock.so authfail unlock_time=900 even_deny_root")
    assert evaluate("account_lockout", pam=pam).status == "pass"
    assert evaluate("account_lockout", {"max_failures": 2}, pam=pam).status == "fail"


def test_tally2(evaluate):
    pam = stack("auth required pam_tally2.so onerr=fail deny=0")
    assert "lockout disabled" in evaluate("account_lockout", pam=pam).message
    good = stack("auth required pam_tally2.so onerr=fail deny=4 even_deny_root")
    assert evaluate("account_lockout", pam=good).status == "pass"  # locked until reset
    short = stack("auth required pam_tally2.so deny=4 unlock_time=60 even_deny_root")
    assert "unlock after 60 s" in evaluate("account_lockout", pam=short).message


def test_error_without_stack(evaluate):
    assert evaluate("account_lockout", pam=Raw("")).status == "error"


def test_rhel7_authconfig_module_arguments(evaluate):
    outcome = run(evaluate, "rhel7_authconfig_faillock")
    assert outcome.status == "fail"
    assert "/etc/pam.d/system-auth: root is never locked" in outcome.message
    assert "unlock after" not in outcome.message  # unlock_time=1200 on the lines
    assert (
        "/etc/pam.d/system-auth: auth [default=die] pam_faillock.so authfail audit deny=4 "
        "unlock_time=1200" in outcome.evidence
    )
    assert run(evaluate, "rhel7_authconfig_faillock", {"lock_root": False}).status == "pass"
