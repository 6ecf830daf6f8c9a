from auditor.facts.base import FactError, Raw


def test_lab_style_clientalive_300_count_0_passes(evaluate):
    outcome = evaluate("ssh_idle_timeout", sshd="sshd/hardened.txt")
    assert outcome.status == "pass"
    assert "= 300 s" in outcome.message


def test_debian_default_has_no_timeout(evaluate):
    outcome = evaluate("ssh_idle_timeout", sshd="sshd/network_debian12_default.txt")
    assert outcome.status == "fail"
    assert "ClientAliveInterval is 0" in outcome.message
    assert "channeltimeout (not set)" in outcome.evidence


def test_too_long(evaluate):
    raw = Raw("clientaliveinterval 300\nclientalivecountmax 3\n")
    outcome = evaluate("ssh_idle_timeout", sshd=raw)
    assert outcome.status == "fail"
    assert "= 900 s > 300 s" in outcome.message
    assert evaluate("ssh_idle_timeout", {"max_seconds": 900}, sshd=raw).status == "pass"


def test_channel_timeout_counts(evaluate):
    raw = Raw("clientaliveinterval 0\nclientalivecountmax 3\nchanneltimeout session=5m\n")
    outcome = evaluate("ssh_idle_timeout", sshd=raw)
    assert outcome.status == "pass"
    assert "after 300 s (ChannelTimeout)" in outcome.message


def test_skip_and_error(evaluate):
    assert evaluate("ssh_idle_timeout", sshd=Raw("NO-SSHD\n")).status == "skip"
    assert evaluate("ssh_idle_timeout", sshd=FactError("needs root")).status == "error"
