from auditor.facts.base import FactError, Target


def test_debian_defaults_pass(evaluate):
    outcome = evaluate("ip_forwarding", sysctl="sysctl/debian12_machine.txt")
    assert outcome.status == "pass"
    assert "running: net.ipv4.ip_forward = 0" in outcome.evidence


def test_forwarding_saved_and_running_fails(evaluate):
    outcome = evaluate("ip_forwarding", sysctl="sysctl/rhel9_forwarding.txt")
    assert outcome.status == "fail"
    assert "net.ipv4.ip_forward is set to 1 (/etc/sysctl.d/99-sysctl.conf:11)" in outcome.message
    assert "net.ipv4.ip_forward is 1 in the running kernel" in outcome.message


def test_running_value_ignored_when_asked(evaluate):
    params = {"check_running_state": False}
    outcome = evaluate("ip_forwarding", params, sysctl="sysctl/rhel9_forwarding.txt")
    assert outcome.status == "fail"
    assert "running kernel" not in outcome.message


def test_router_tag_skips(evaluate):
    router = Target("gw", "10.0.0.1", tags=("router",))
    outcome = evaluate("ip_forwarding", target=router, sysctl="sysctl/rhel9_forwarding.txt")
    assert outcome.status == "skip"


def test_error(evaluate):
    assert evaluate("ip_forwarding", sysctl=FactError("boom")).status == "error"
