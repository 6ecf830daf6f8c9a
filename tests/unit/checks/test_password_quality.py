from auditor.facts.base import FactError, Raw


def run(evaluate, name, params=None):
    return evaluate("password_quality", params, pam=f"pam/{name}.txt")


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, "debian12_lab_baseline")
    assert outcome.status == "pass"
    assert outcome.evidence[0] == (
        "/etc/pam.d/common-password: password requisite pam_pwquality.so retry=3 minlen=14 "
        "minclass=4"
    )


def test_passes_on_hardened_rhel_through_conf_d(evaluate):
    outcome = run(evaluate, "rhel9_hardened")
    assert outcome.status == "pass"
    assert "/etc/security/pwquality.conf.d/50-cis.conf: minlen = 14" in outcome.evidence


def test_fails_without_pwquality_module(evaluate):
    outcome = run(evaluate, "debian12_default")
    assert outcome.status == "fail"
    assert "/etc/pam.d/common-password has no pam_pwquality or pam_cracklib" in outcome.message


def test_fails_on_module_defaults(evaluate):
    outcome = run(evaluate, "debian12_pwquality_default")
    assert outcome.status == "fail"
    assert "minimum length 8" in outcome.message
    assert "0 character classes required" in outcome.message
    rhel = run(evaluate, "rhel9_default")
    assert "/etc/pam.d/system-auth: minimum length 8" in rhel.message
    assert "/etc/pam.d/password-auth: minimum length 8" in rhel.message


def test_module_arguments_override_the_file(evaluate):
    outcome = run(evaluate, "debian12_weakened")
    assert outcome.status == "fail"
    assert "minimum length 8" in outcome.message
    assert "1 character classes required" in outcome.message


def test_main_file_overrides_conf_d_and_credits_shorten(evaluate):
    text = (
        "\036FILE 644 root root 60 /etc/pam.d/common-password\n"
        "password requisite pam_pwquality.so retry=3\n"
        "\036FILE 644 root root 30 /etc/security/pwquality.conf\n"
        "minlen = 15\ndcredit = 1\nucredit = 1\nminclass = 4\n"
        "\036FILE 644 root root 30 /etc/security/pwquality.conf.d/90-site.conf\n"
        "minlen = 20\n"
    )
    outcome = evaluate("password_quality", pam=Raw(text))
    assert outcome.status == "fail"
    assert "minimum length 13 (minlen 15 less 2 credits)" in outcome.message


def test_negative_credits_count_as_classes(evaluate):
    text = (
        "\036FILE 644 root root 60 /etc/pam.d/common-password\n"
        "password requisite pam_pwquality.so minlen=14 "
        "dcredit=-1 ucredit=-1 lcredit=-1 ocredit=-1\n"
    )
    assert evaluate("password_quality", pam=Raw(text)).status == "pass"


def test_cracklib_defaults_and_optional_control(evaluate):
    text = (
        "\036FILE 644 root root 60 /etc/pam.d/common-password\n"
        "password optional pam_cracklib.so minlen=14 minclass=4\n"
    )
    outcome = evaluate("password_quality", pam=Raw(text))
    assert "pam_cracklib.so is only optional" in outcome.message
    assert "minimum length 10 (minlen 14 less 4 credits)" in outcome.message


def test_thresholds_are_parameters(evaluate):
    outcome = run(evaluate, "debian12_weakened", {"min_length": 8, "min_classes": 1})
    assert outcome.status == "pass"


def test_error_without_stack(evaluate):
    assert evaluate("password_quality", pam=Raw("")).status == "error"
    assert evaluate("password_quality", pam=FactError("no output")).status == "error"


def test_rhel7_authconfig_reads_pwquality_conf(evaluate):
    outcome = run(evaluate, "rhel7_authconfig_faillock")
    assert outcome.status == "pass"
    assert "/etc/security/pwquality.conf: minlen = 15" in outcome.evidence
