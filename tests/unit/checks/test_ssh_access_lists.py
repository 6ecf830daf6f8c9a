from auditor.facts.base import FactError, Raw


def test_passes_with_allow_groups(evaluate):
    outcome = evaluate("ssh_access_lists", sshd="sshd/debian12_allowgroups.txt")
    assert outcome.status == "pass"
    assert outcome.message == "sshd limits who may log in with AllowGroups"
    assert outcome.evidence == ("sshd -T: allowgroups sshlogin",)


def test_fails_without_any_list(evaluate):
    outcome = evaluate("ssh_access_lists", sshd="sshd/debian12_lab_baseline.txt")
    assert outcome.status == "fail"
    assert "none of AllowUsers, AllowGroups, DenyUsers, DenyGroups is set" in outcome.message


def test_deny_lists_count(evaluate):
    raw = Raw("port 22\ndenyusers guest\ndenygroups nossh\nRC 0\n")
    outcome = evaluate("ssh_access_lists", sshd=raw)
    assert outcome.status == "pass"
    assert outcome.message == "sshd limits who may log in with DenyUsers, DenyGroups"


def test_skip_without_sshd_and_error(evaluate):
    assert evaluate("ssh_access_lists", sshd=Raw("NO-SSHD\n")).status == "skip"
    assert evaluate("ssh_access_lists", sshd=FactError("needs root")).status == "error"
