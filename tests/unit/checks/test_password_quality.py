from auditor.facts.base import FactError, Raw

# The CIS rules beyond length and classes, off: to judge length and classes alone.
LENGTH_ONLY = {
    "min_difok": 0,
    "max_repeat": 0,
    "max_sequence": 0,
    "require_dictcheck": False,
    "require_enforce_for_root": False,
}


def run(evaluate, name, params=None):
    return evaluate("password_quality", params, pam=f"pam/{name}.txt")


def stack(*lines, **files):
    """A Raw pam fact: common-password with ``lines``, and ``files`` by path."""
    text = "\036FILE 644 root root 60 /etc/pam.d/common-password\n" + "\n".join(lines) + "\n"
    for path, body in files.items():
        text += f"\036FILE 644 root root 30 {path}\n{body}"
    return Raw(text)


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, "debian12_lab_baseline")
    assert outcome.status == "pass"
    assert outcome.evidence[0] == (
        "/etc/pam.d/common-password: password requisite pam_pwquality.so retry=3 minlen=14 "
        "minclass=4"
    )
    for line in ("difok = 2", "maxrepeat = 3", "maxsequence = 3", "dictcheck = 1"):
        assert f"/etc/security/pwquality.conf: {line}" in outcome.evidence
    assert "/etc/security/pwquality.conf: enforce_for_root" in outcome.evidence


def test_passes_on_hardened_rhel_through_conf_d(evaluate):
    outcome = run(evaluate, "rhel9_hardened")
    assert outcome.status == "pass"
    assert "/etc/security/pwquality.conf.d/50-cis.conf: minlen = 14" in outcome.evidence
    assert "/etc/security/pwquality.conf.d/50-cis.conf: enforce_for_root" in outcome.evidence


def test_fails_without_pwquality_module(evaluate):
    outcome = run(evaluate, "debian12_default")
    assert outcome.status == "fail"
    assert "/etc/pam.d/common-password has no pam_pwquality or pam_cracklib" in outcome.message
    removed = run(evaluate, "debian12_no_pwquality")
    assert "has no pam_pwquality or pam_cracklib" in removed.message


def test_fails_on_module_defaults(evaluate):
    outcome = run(evaluate, "debian12_pwquality_default")
    assert outcome.status == "fail"
    for part in (
        "minimum length 8",
        "0 character classes required",
        "difok 1 (at least 2)",
        "maxrepeat is not set",
        "maxsequence is not set",
        "pam_pwquality.so lets root set any password",
    ):
        assert part in outcome.message
    assert "dictcheck" not in outcome.message  # on by default
    rhel = run(evaluate, "rhel9_default")
    assert "/etc/pam.d/system-auth: minimum length 8" in rhel.message
    assert "/etc/pam.d/password-auth: minimum length 8" in rhel.message


def test_module_arguments_override_the_file(evaluate):
    outcome = run(evaluate, "debian12_weakened")
    assert outcome.status == "fail"
    assert "minimum length 8" in outcome.message
    assert "1 character classes required" in outcome.message


def test_fails_on_weak_rules_from_arguments_and_conf_d(evaluate):
    outcome = run(evaluate, "debian12_weak_rules")
    assert outcome.status == "fail"
    message = outcome.message
    assert "/etc/pam.d/common-password: difok 1 (at least 2)" in message  # argument
    assert "maxsequence 6 (at most 3)" in message  # pwquality.conf.d
    assert "dictcheck=0 skips the dictionary" in message
    assert "pam_pwquality.so lets root set any password" in message
    assert "pam_unix.so without use_authtok may store a password that was not checked" in message
    assert "maxrepeat" not in message and "minimum length" not in message
    assert "/etc/security/pwquality.conf.d/50-site.conf: dictcheck = 0" in outcome.evidence
    assert (
        "/etc/pam.d/common-password: password [success=1 default=ignore] pam_unix.so obscure "
        "try_first_pass yescrypt remember=5" in outcome.evidence
    )


def test_each_rule_is_a_parameter(evaluate):
    outcome = run(evaluate, "debian12_pwquality_default", {"min_length": 8, "min_classes": 0})
    assert outcome.status == "fail"
    relaxed = {"min_length": 8, "min_classes": 0, **LENGTH_ONLY, "min_difok": 1}
    assert run(evaluate, "debian12_pwquality_default", relaxed).status == "pass"
    assert run(evaluate, "debian12_pwquality_default", relaxed | {"min_difok": 2}).status == "fail"
    assert run(evaluate, "debian12_pwquality_default", relaxed | {"max_repeat": 3}).status == "fail"


def test_argument_overrides_file_for_flags_and_limits(evaluate):
    pam = stack(
        "password requisite pam_pwquality.so minlen=14 minclass=4 difok=3 maxrepeat=2 dictcheck=1 "
        "enforce_for_root",
        "password [success=1 default=ignore] pam_unix.so use_authtok yescrypt",
        **{
            "/etc/security/pwquality.conf": (
                "difok = 1\nmaxrepeat = 9\nmaxsequence = 3\ndictcheck = 0\n"
            )
        },
    )
    outcome = evaluate("password_quality", pam=pam)
    assert outcome.status == "pass"
    assert "/etc/security/pwquality.conf: maxsequence = 3" in outcome.evidence
    assert "/etc/security/pwquality.conf: dictcheck = 0" not in outcome.evidence


def test_main_file_overrides_conf_d_and_credits_shorten(evaluate):
    pam = stack(
        "password requisite pam_pwquality.so retry=3",
        **{
            "/etc/security/pwquality.conf": "minlen = 15\ndcredit = 1\nucredit = 1\nminclass = 4\n"
            "maxrepeat = 4\n",
            "/etc/security/pwquality.conf.d/90-site.conf": "minlen = 20\nmaxrepeat = 2\n",
        },
    )
    outcome = evaluate("password_quality", pam=pam)
    assert outcome.status == "fail"
    assert "minimum length 13 (minlen 15 less 2 credits)" in outcome.message
    assert "maxrepeat 4 (at most 3)" in outcome.message


def test_negative_credits_count_as_classes(evaluate):
    pam = stack(
        "password requisite pam_pwquality.so minlen=14 dcredit=-1 ucredit=-1 lcredit=-1 ocredit=-1"
    )
    assert evaluate("password_quality", LENGTH_ONLY, pam=pam).status == "pass"


def test_cracklib_defaults_and_optional_control(evaluate):
    pam = stack("password optional pam_cracklib.so minlen=14 minclass=4 dictcheck=0")
    outcome = evaluate("password_quality", pam=pam)
    assert "pam_cracklib.so is only optional" in outcome.message
    assert "minimum length 10 (minlen 14 less 4 credits)" in outcome.message
    assert "difok" not in outcome.message  # 5 by default
    assert "dictcheck" not in outcome.message  # pam_cracklib always checks the dictionary
    assert "pam_cracklib.so lets root set any password" in outcome.message


def test_pam_unix_before_the_quality_module_is_not_judged(evaluate):
    pam = stack(
        "password [success=1 default=ignore] pam_unix.so yescrypt",
        "password requisite pam_pwquality.so minlen=14 minclass=4",
    )
    assert evaluate("password_quality", LENGTH_ONLY, pam=pam).status == "pass"


def test_thresholds_are_parameters(evaluate):
    params = {"min_length": 8, "min_classes": 1, **LENGTH_ONLY}
    assert run(evaluate, "debian12_weakened", params).status == "pass"


def test_error_without_stack(evaluate):
    assert evaluate("password_quality", pam=Raw("")).status == "error"
    assert evaluate("password_quality", pam=FactError("no output")).status == "error"


def test_rhel7_authconfig_reads_pwquality_conf(evaluate):
    outcome = run(evaluate, "rhel7_authconfig_faillock")
    assert outcome.status == "fail"
    assert "/etc/security/pwquality.conf: minlen = 15" in outcome.evidence
    assert "minimum length" not in outcome.message
    assert "/etc/pam.d/password-auth: difok 1 (at least 2)" in outcome.message
    relaxed = LENGTH_ONLY | {"min_difok": 1}
    assert run(evaluate, "rhel7_authconfig_faillock", relaxed).status == "pass"
