from auditor.facts.base import FactError, Raw


def test_passes_when_root_login_disabled(evaluate):
    outcome = evaluate("ssh_root_login", sshd="sshd/hardened.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("permitrootlogin no",)


def test_fails_naming_the_value(evaluate):
    outcome = evaluate("ssh_root_login", sshd="sshd/root_login_yes.txt")
    assert outcome.status == "fail"
    assert "PermitRootLogin is yes" in outcome.message
    assert outcome.evidence == ("permitrootlogin yes",)


def test_prohibit_password_accepted_when_profile_allows_it(evaluate):
    raw = Raw("permitrootlogin prohibit-password\n")
    assert evaluate("ssh_root_login", sshd=raw).status == "fail"
    params = {"allowed": ["no", "prohibit-password"]}
    assert evaluate("ssh_root_login", params, sshd=raw).status == "pass"


def test_error_when_sshd_unreadable(evaluate):
    outcome = evaluate("ssh_root_login", sshd=FactError("needs root privileges"))
    assert outcome.status == "error"
    assert "needs root privileges" in outcome.message


def test_error_when_sshd_test_mode_fails(evaluate):
    outcome = evaluate("ssh_root_login", sshd=Raw("sshd: no hostkeys available -- exiting.\nRC 1"))
    assert outcome.status == "error"
    assert "no hostkeys" in outcome.message


def test_skip_without_sshd(evaluate):
    assert evaluate("ssh_root_login", sshd=Raw("NO-SSHD\n")).status == "skip"
