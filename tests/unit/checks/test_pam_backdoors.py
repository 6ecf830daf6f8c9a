from auditor.facts.base import FactError, Raw


def test_the_lab_stacks_and_modules_are_clean(evaluate):
    outcome = evaluate("pam_backdoors", pam_services="pam_services/debian12_lab.txt")
    assert outcome.status == "pass", outcome.message
    assert "21 PAM services" in outcome.message and "verified with dpkg" in outcome.message


def test_every_kind_of_back_door_is_found(evaluate):
    outcome = evaluate("pam_backdoors", pam_services="pam_services/debian12_backdoored.txt")
    assert outcome.status == "fail"
    found = outcome.evidence
    expected = [
        "accepts any password: /etc/pam.d/sshd: auth sufficient pam_permit.so",
        "hands the password to /usr/local/bin/log-pass: /etc/pam.d/common-auth: auth optional "
        "pam_exec.so quiet expose_authtok /usr/local/bin/log-pass (in the auth of chfn, chsh, "
        "cron, login, other, sshd, su, su-l, sudo, sudo-i, vsftpd)",
        "loads a module from outside the module directories: /etc/pam.d/su: auth sufficient "
        "/tmp/.x/pam_evil.so (in the auth of su-l)",
        "changed since its package installed it: /lib/x86_64-linux-gnu/security/pam_unix.so "
        "(package libpam-modules, mode 644, owner root)",
        "module in no package: /lib/x86_64-linux-gnu/security/pam_sshauth.so (in no package, "
        "mode 644, owner root)",
        "module writable by others than root: /lib/x86_64-linux-gnu/security/pam_deny.so "
        "(package libpam-modules, mode 666, owner root)",
    ]
    for line in expected:
        assert line in found, line
    # a line reached through several services' includes is reported once
    assert sum("log-pass" in e for e in found) == 1
    assert "21 PAM services, 46 module files, verified with dpkg" in found


def test_approved_programs_and_modules(evaluate):
    params = {
        "approved_programs": ["/usr/local/bin/log-pass"],
        "approved_modules": ["/lib/x86_64-linux-gnu/security/pam_sshauth.so"],
    }
    outcome = evaluate("pam_backdoors", params, pam_services="pam_services/debian12_backdoored.txt")
    assert outcome.status == "fail"
    assert not any("log-pass" in e or "module in no package" in e for e in outcome.evidence)


def test_a_module_that_always_succeeds_only_matters_when_it_ends_the_stack(evaluate):
    stack = (
        "\036SEC files\n\036FILE 644 root root 99 /etc/pam.d/login\n"
        "auth [success=1 default=ignore] pam_unix.so nullok\nauth requisite pam_deny.so\n"
        "auth required pam_permit.so\n{extra}\n\036SEC modules\n"
    )
    assert evaluate("pam_backdoors", pam_services=Raw(stack.format(extra=""))).status == "pass"
    done = "auth [success=done default=ignore] pam_permit.so"
    assert evaluate("pam_backdoors", pam_services=Raw(stack.format(extra=done))).status == "fail"


def test_error(evaluate):
    assert evaluate("pam_backdoors", pam_services=FactError("needs root")).status == "error"
    assert evaluate("pam_backdoors", pam_services=Raw("\036SEC files\n")).status == "error"
