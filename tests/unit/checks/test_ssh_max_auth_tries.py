from auditor.facts.base import FactError, Raw


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate("ssh_max_auth_tries", sshd="sshd/debian12_lab_baseline.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("maxauthtries 4",)


def test_fails_on_default_and_weak(evaluate):
    assert evaluate("ssh_max_auth_tries", sshd="sshd/debian12_default.txt").status == "fail"
    outcome = evaluate("ssh_max_auth_tries", sshd="sshd/debian12_weak.txt")
    assert outcome.message == "sshd MaxAuthTries is 10; at most 4 allowed"


def test_threshold_is_a_parameter(evaluate):
    outcome = evaluate("ssh_max_auth_tries", {"max_tries": 6}, sshd="sshd/debian12_default.txt")
    assert outcome.status == "pass"


def test_error_and_skip(evaluate):
    assert evaluate("ssh_max_auth_tries", sshd=FactError("needs root")).status == "error"
    assert evaluate("ssh_max_auth_tries", sshd=Raw("NO-SSHD\n")).status == "skip"
