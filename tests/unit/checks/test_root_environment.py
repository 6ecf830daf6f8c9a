from auditor.facts.base import FactError, Raw


def test_passes_on_the_lab_baseline(evaluate):
    outcome = evaluate("root_environment", root_shell="root_shell/debian12_baseline.txt")
    assert outcome.status == "pass"
    assert outcome.evidence[0] == (
        "/bin/bash -l (as root, started with umask 0022): "
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin umask 0027"
    )


def test_fails_on_unsafe_path_and_weak_umask(evaluate):
    outcome = evaluate("root_environment", root_shell="root_shell/debian12_unsafe.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "root's login environment is unsafe: PATH has an empty entry (the current directory); "
        "PATH entry /opt/lab-tools owned by auditor; PATH has the relative entry .; "
        "PATH entry /nonexistent does not exist; root's umask is 0022 (required 027 or stricter)"
    )


def test_group_writable_directory_and_stricter_umask(evaluate):
    raw = Raw(
        "shell /bin/sh\nhome /root\nstart-umask 022\n\036SEC login 0\n"
        "AUDITOR-PATH=/usr/bin:/srv/bin\nAUDITOR-UMASK=0077\n\036SEC dirs\n"
        "755 root root d /usr/bin\n775 root staff d /srv/bin\n\036SEC end\n"
    )
    outcome = evaluate("root_environment", root_shell=raw)
    assert outcome.message == (
        "root's login environment is unsafe: PATH entry /srv/bin mode 0775 writable by group or "
        "others"
    )


def test_skips_when_root_has_no_login_shell(evaluate):
    raw = Raw("shell /usr/sbin/nologin\nhome /root\nstart-umask 022\n\036SEC login none\n")
    outcome = evaluate("root_environment", root_shell=raw)
    assert outcome.status == "skip"


HEAD = "shell /bin/bash\nhome /root\nstart-umask 022\n"


def test_errors_on_a_shell_that_hangs_or_fails(evaluate):
    hung = Raw(HEAD + "\036SEC login 124\n\036SEC dirs\n\036SEC end\n")
    outcome = evaluate("root_environment", root_shell=hung)
    assert outcome.status == "error"
    assert "did not finish within 10 seconds" in outcome.message
    failed = Raw(HEAD + "\036SEC login 1\n\036SEC dirs\n\036SEC end\n")
    assert "exited with status 1" in evaluate("root_environment", root_shell=failed).message
    assert evaluate("root_environment", root_shell=Raw("")).status == "error"
    assert evaluate("root_environment", root_shell=FactError("root")).status == "error"
