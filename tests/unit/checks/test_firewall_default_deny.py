from auditor.facts.base import FactError
from tests.unit.checks.firewall_samples import firewall


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


def test_iptables_persistent_final_reject_counts_as_deny_but_ipv6_needs_its_rules(evaluate):
    outcome = evaluate("firewall_default_deny", firewall="firewall/debian_iptables_persistent.txt")
    assert outcome.status == "fail"
    assert "last rule -A INPUT -j REJECT" in outcome.evidence[0]
    assert outcome.message.endswith("/etc/iptables/rules.v6: no INPUT policy")
    outcome = evaluate("firewall_default_deny", firewall="firewall/debian12_iptables_v4v6.txt")
    assert outcome.status == "pass"
    assert "could not be read" in outcome.message
    assert "/etc/iptables/rules.v6: INPUT policy DROP" in outcome.evidence[0]


def test_ipv6_rules_not_needed_when_the_running_kernel_has_ipv6_off(evaluate):
    raw = firewall(
        "debian_iptables_persistent.txt", ("\x1eSEC files", "\x1eSEC ipv6\n1\n\x1eSEC files")
    )
    assert evaluate("firewall_default_deny", firewall=raw).status == "pass"
    params = {"check_running_state": False}
    assert evaluate("firewall_default_deny", params, firewall=raw).status == "fail"


def test_running_ipv6_rules_of_iptables_must_deny(evaluate):
    raw = firewall("debian12_iptables_v4v6.txt", ("\x1eSEC files", "\x1eSEC live ip6tables\n"
                   "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n\x1eSEC files"))  # fmt: skip
    outcome = evaluate("firewall_default_deny", firewall=raw)
    assert outcome.status == "fail"
    assert outcome.message.endswith(
        "running IPv6 rules accept by default: ip6tables-save: INPUT policy ACCEPT"
    )


def test_error_without_root(evaluate):
    outcome = evaluate("firewall_default_deny", firewall=FactError("needs root privileges"))
    assert outcome.status == "error"
