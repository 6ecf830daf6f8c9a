from auditor.facts.base import FactError, Raw


def run(evaluate, defs, shadow, pam, params=None):
    return evaluate(
        "password_hashing_algorithm",
        params,
        login_defs=f"login_defs/{defs}.txt",
        shadow=f"shadow/{shadow}.txt",
        pam=f"pam/{pam}.txt",
    )


def test_passes_on_lab_baseline_and_rhel(evaluate):
    outcome = run(evaluate, "debian12_lab", "debian12_users", "debian12_lab_baseline")
    assert outcome.status == "pass"
    assert "/etc/login.defs: ENCRYPT_METHOD YESCRYPT" in outcome.evidence
    assert run(evaluate, "rhel9", "rhel9", "rhel9_hardened").status == "pass"


def test_fails_on_weak_stored_hashes_without_showing_them(evaluate):
    outcome = run(evaluate, "debian12_lab", "debian12_weak", "debian12_lab_baseline")
    assert outcome.status == "fail"
    assert "weak password hashes: legacy (md5crypt), oldunix (des)" in outcome.message
    assert "/etc/shadow: legacy:<md5crypt value>:20000:0:99999:7:::" in outcome.evidence
    assert not any("$1$" in line for line in outcome.evidence)


def test_fails_on_weak_settings(evaluate):
    defs = Raw("\036FILE 644 root root 20 /etc/login.defs\nENCRYPT_METHOD MD5\n")
    pam = Raw(
        "\036FILE 644 root root 60 /etc/pam.d/common-password\n"
        "password [success=1 default=ignore] pam_unix.so obscure md5\n"
    )
    outcome = evaluate(
        "password_hashing_algorithm", login_defs=defs, shadow="shadow/debian12_lab.txt", pam=pam
    )
    assert "login.defs ENCRYPT_METHOD is MD5" in outcome.message
    assert "/etc/pam.d/common-password: pam_unix hashes new passwords with md5" in outcome.message
    unset = evaluate(
        "password_hashing_algorithm",
        login_defs=Raw(""),
        shadow="shadow/debian12_lab.txt",
        pam="pam/debian12_lab_baseline.txt",
    )
    assert "ENCRYPT_METHOD is not set (DES)" in unset.message


def test_error_without_shadow(evaluate):
    outcome = evaluate(
        "password_hashing_algorithm",
        login_defs="login_defs/debian12_lab.txt",
        shadow=FactError("needs root privileges"),
        pam="pam/debian12_default.txt",
    )
    assert outcome.status == "error"
