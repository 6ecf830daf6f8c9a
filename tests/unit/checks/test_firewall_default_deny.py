from auditor.facts.base import FactError


def test_debian_default_nftables_is_not_enabled(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/debian_default.txt")
    assert outcome.status == "fail"
    assert "no firewall service enabled at boot" in outcome.message
    assert "firewall services at boot: nftables disabled" in outcome.evidence


def test_hardened_nftables_passes(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/debian_hardened.txt")
    assert outcome.status == "pass"
    assert "running rules deny" in outcome.message
    assert any("policy drop" in e for e in outcome.evidence)


def test_saved_but_not_running_fails_unless_running_state_ignored(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/debian_saved_only.txt")
    assert outcome.status == "fail"
    assert "running rules accept by default" in outcome.message
    assert "policy accept" in outcome.message
    params = {"check_running_state": False}
    outcome = evaluate("firewall_default_deny", params, firewall="firewall/debian_saved_only.txt")
    assert outcome.status == "pass"
    assert "check_running_state is off" in outcome.message


def test_rhel_firewalld_public_zone_passes(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/rhel9_firewalld.txt")
    assert outcome.status == "pass"
    assert "default zone public, target default" in outcome.evidence[0]


def test_rhel_firewalld_trusted_zone_fails(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/rhel9_trusted.txt")
    assert outcome.status == "fail"
    assert "default zone trusted, target ACCEPT" in outcome.message


def test_ubuntu_ufw_passes(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/ubuntu_ufw.txt")
    assert outcome.status == "pass"
    assert "running: ufw status verbose: Default: deny (incoming)" in " ".join(outcome.evidence)


def test_iptables_persistent_final_reject_counts_as_deny(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/debian_iptables_persistent.txt")
    assert outcome.status == "pass"
    assert "could not be read" in outcome.message
    assert "last rule -A INPUT -j REJECT" in outcome.evidence[0]


def test_error_without_root(evaluate):
    outcome = evaluate("firewall_default_deny", firewall=FactError("needs root privileges"))
    assert outcome.status == "error"
