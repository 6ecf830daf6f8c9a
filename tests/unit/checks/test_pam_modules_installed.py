from auditor.facts.base import Raw


def run(evaluate, name, params=None):
    return evaluate("pam_modules_installed", params, pam_services=f"pam_services/{name}.txt")


def test_passes_on_lab(evaluate):
    outcome = run(evaluate, "debian12_lab")
    assert outcome.status == "pass"
    assert outcome.message == (
        "the PAM modules come from installed packages: pam_unix.so (libpam-modules), "
        "pam_faillock.so (libpam-modules), pam_pwhistory.so (libpam-modules), pam_pwquality.so "
        "(libpam-pwquality)"
    )
    assert outcome.evidence[-1] == (
        "/lib/x86_64-linux-gnu/security/pam_pwquality.so (package libpam-pwquality, mode 644, "
        "owner root)"
    )


def test_fails_when_libpam_pwquality_is_removed(evaluate):
    outcome = run(evaluate, "debian12_no_pwquality")
    assert outcome.status == "fail"
    assert outcome.message == (
        "PAM modules missing or not from a package: pam_pwquality.so is not installed"
    )


def test_fails_on_module_in_no_package(evaluate):
    params = {"required_modules": ["pam_unix.so", "pam_sshauth.so", "pam_x.so"]}
    outcome = run(evaluate, "debian12_backdoored", params)
    assert outcome.message == (
        "PAM modules missing or not from a package: pam_sshauth.so is in no package; pam_x.so is "
        "not installed"
    )
    assert outcome.evidence[1] == (
        "/lib/x86_64-linux-gnu/security/pam_sshauth.so (in no package, mode 644, owner root)"
    )


def test_error_without_modules_or_package_manager(evaluate):
    empty = evaluate("pam_modules_installed", pam_services=Raw("\036SEC files\n\036SEC modules\n"))
    assert empty.status == "error"
    assert "no PAM module file was found" in empty.message
    text = "\036SEC files\n\036SEC modules\n/lib/security/pam_unix.so\t644 root\n"
    unknown = evaluate("pam_modules_installed", pam_services=Raw(text))
    assert unknown.status == "error"
    assert "neither dpkg nor rpm" in unknown.message
