from auditor.facts.base import FactError, Raw


def test_hardened_passes(evaluate):
    outcome = evaluate("umask_default", shell_init="shell_init/debian12_hardened.txt")
    assert outcome.status == "pass"
    assert "/etc/profile.d/umask.sh:1: umask 027" in outcome.evidence


def test_debian_default_login_defs_022(evaluate):
    outcome = evaluate("umask_default", shell_init="shell_init/debian12_default.txt")
    assert outcome.status == "fail"
    assert "/etc/login.defs:151: UMASK 022" in outcome.message


def test_rhel_bashrc_umask_022(evaluate):
    outcome = evaluate("umask_default", shell_init="shell_init/rhel9_weak.txt")
    assert outcome.status == "fail"
    assert "/etc/bashrc:7: [ `umask` -eq 0 ] && umask 022" in outcome.message


def test_stricter_and_symbolic(evaluate):
    text = "UMASK 077\n"
    defs = f"\036FILE 644 root root {len(text)} /etc/login.defs\n{text}\n"
    sym = "umask u=rwx,g=rx,o=\n"
    raw = Raw(defs + f"\036FILE 644 root root {len(sym)} /etc/profile\n{sym}\n")
    assert evaluate("umask_default", shell_init=raw).status == "pass"
    weak = "umask u=rwx,g=rwx,o=rx\n"
    raw = Raw(defs + f"\036FILE 644 root root {len(weak)} /etc/profile\n{weak}\n")
    assert evaluate("umask_default", shell_init=raw).status == "fail"


def test_login_defs_missing_fails(evaluate):
    text = "umask 027\n"
    raw = Raw(f"\036FILE 644 root root {len(text)} /etc/profile\n{text}\n")
    outcome = evaluate("umask_default", shell_init=raw)
    assert outcome.status == "fail"
    assert "not set in /etc/login.defs" in outcome.message


def test_error(evaluate):
    assert evaluate("umask_default", shell_init=FactError("x")).status == "error"
