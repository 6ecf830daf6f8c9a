from auditor.facts.base import FactError, Raw


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate("ssh_password_authentication", sshd="sshd/debian12_lab_baseline.txt")
    assert outcome.status == "pass"
    assert "passwordauthentication no" in outcome.evidence


def test_fails_on_debian_default(evaluate):
    outcome = evaluate("ssh_password_authentication", sshd="sshd/debian12_default.txt")
    assert outcome.status == "fail"
    assert outcome.message == "sshd accepts passwords: PasswordAuthentication yes"


def test_keyboard_interactive_through_pam_counts(evaluate):
    outcome = evaluate("ssh_password_authentication", sshd="sshd/rhel8_challenge_response.txt")
    assert outcome.status == "fail"
    assert "challengeresponseauthentication yes with UsePAM yes" in outcome.message


def test_password_as_second_factor_passes(evaluate):
    outcome = evaluate("ssh_password_authentication", sshd="sshd/debian12_key_and_password.txt")
    assert outcome.status == "pass"
    assert "publickey,password" in outcome.message


def test_error_and_skip(evaluate):
    assert evaluate("ssh_password_authentication", sshd=FactError("needs root")).status == "error"
    assert evaluate("ssh_password_authentication", sshd=Raw("NO-SSHD\n")).status == "skip"
