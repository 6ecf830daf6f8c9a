from auditor.facts.base import Raw


def run(evaluate, name, params=None):
    return evaluate("password_history", params, pam=f"pam/{name}.txt")


def stack(*lines, conf=None):
    text = "\036FILE 644 root root 60 /etc/pam.d/common-password\n" + "\n".join(lines) + "\n"
    if conf is not None:
        text += f"\036FILE 644 root root 30 /etc/security/pwhistory.conf\n{conf}"
    return Raw(text)


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
    assert "/etc/security/pwhistory.conf: enforce_for_root" in outcome.evidence


def test_fails_without_history(evaluate):
    outcome = run(evaluate, "debian12_default")
    assert outcome.message == (
        "the last 10 passwords are not refused as required: /etc/pam.d/common-password has no "
        "pam_pwhistory"
    )
    assert run(evaluate, "rhel9_default").status == "fail"


def test_fails_on_short_history(evaluate):
    outcome = run(evaluate, "debian12_weakened")
    assert "/etc/pam.d/common-password refuses the last 3" in outcome.message
    assert run(evaluate, "debian12_weakened", {"min_remember": 3}).status == "pass"


def test_fails_without_root_use_authtok_and_on_pam_unix_remember(evaluate):
    outcome = run(evaluate, "debian12_weak_rules")
    assert outcome.status == "fail"
    assert "/etc/pam.d/common-password: root may reuse old passwords" in outcome.message
    assert "pam_pwhistory.so without use_authtok checks a password of its own" in outcome.message
    assert "pam_unix.so remember=5 (the history belongs to pam_pwhistory)" in outcome.message
    assert "refuses the last" not in outcome.message
    assert outcome.evidence[0] == (
        "/etc/pam.d/common-password: password requisite pam_pwhistory.so remember=10"
    )


def test_password_initial_line_lacks_use_authtok(evaluate):
    # libpam-pwquality removed: pam-auth-update falls back to the Password-Initial line.
    outcome = run(evaluate, "debian12_no_pwquality")
    assert outcome.message == (
        "the last 10 passwords are not refused as required: /etc/pam.d/common-password: "
        "pam_pwhistory.so without use_authtok checks a password of its own"
    )


def test_pam_unix_remember_is_no_history(evaluate):
    outcome = evaluate(
        "password_history", pam=stack("password sufficient pam_unix.so sha512 remember=12")
    )
    assert outcome.status == "fail"
    assert "has no pam_pwhistory" in outcome.message
    assert "pam_unix.so remember=12" in outcome.message


def test_module_default_and_conf_flag(evaluate):
    flag = stack("password requisite pam_pwhistory.so use_authtok", conf="enforce_for_root\n")
    outcome = evaluate("password_history", pam=flag)
    assert outcome.status == "pass"
    assert outcome.evidence[-1] == "/etc/security/pwhistory.conf: enforce_for_root"
    bare = stack("password requisite pam_pwhistory.so use_authtok")
    assert evaluate("password_history", pam=bare).status == "fail"
    relaxed = {"require_enforce_for_root": False}
    assert evaluate("password_history", relaxed, pam=bare).status == "pass"


def test_argument_overrides_conf_remember(evaluate):
    pam = stack(
        "password requisite pam_pwhistory.so remember=4 enforce_for_root use_authtok",
        conf="remember = 24\n",
    )
    assert "refuses the last 4" in evaluate("password_history", pam=pam).message


def test_error_without_stack(evaluate):
    assert evaluate("password_history", pam=Raw("")).status == "error"


def test_rhel7_authconfig_remember_argument(evaluate):
    outcome = run(evaluate, "rhel7_authconfig_faillock")
    assert outcome.status == "fail"
    assert outcome.message == (
        "the last 10 passwords are not refused as required: /etc/pam.d/system-auth: root may "
        "reuse old passwords; /etc/pam.d/password-auth: root may reuse old passwords"
    )
    assert (
        "/etc/pam.d/password-auth: password requisite pam_pwhistory.so use_authtok remember=12 "
        "retry=3" in outcome.evidence
    )
    assert (
        run(evaluate, "rhel7_authconfig_faillock", {"require_enforce_for_root": False}).status
        == "pass"
    )
