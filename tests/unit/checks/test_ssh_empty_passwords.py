from auditor.facts.base import FactError, Raw


def test_passes_on_default_and_baseline(evaluate):
    assert evaluate("ssh_empty_passwords", sshd="sshd/debian12_default.txt").status == "pass"
    assert evaluate("ssh_empty_passwords", sshd="sshd/debian12_lab_baseline.txt").status == "pass"


def test_fails_when_permitted(evaluate):
    outcome = evaluate("ssh_empty_passwords", sshd="sshd/debian12_weak.txt")
    assert outcome.status == "fail"
    assert outcome.evidence == ("permitemptypasswords yes",)


def test_error_and_skip(evaluate):
    assert evaluate("ssh_empty_passwords", sshd=FactError("needs root")).status == "error"
    assert evaluate("ssh_empty_passwords", sshd=Raw("NO-SSHD\n")).status == "skip"
