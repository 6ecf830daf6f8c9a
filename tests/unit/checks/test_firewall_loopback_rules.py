import pytest

from auditor.facts.base import FactError
from tests.unit.checks.firewall_samples import firewall

SAVED_ONLY = {"check_running_state": False}
LO = '\t\tiif "lo" accept\n'
V4 = "\t\tip saddr 127.0.0.0/8 counter drop\n"
V6 = "\t\tip6 saddr ::1 counter drop\n"


def test_the_vm_baseline_passes_saved_and_running(evaluate):
    outcome = evaluate("firewall_loopback_rules", firewall="firewall/debian12_vm_baseline.txt")
    assert outcome.status == "pass", outcome.message
    assert '/etc/nftables.conf: inet auditor_filter input: iif "lo" accept' in outcome.evidence
    assert (
        "running: nft -j list ruleset: inet auditor_filter input: ip6 saddr ::1 counter drop"
        in outcome.evidence
    )


def test_the_namespace_baseline_passes_on_its_saved_ruleset_only(evaluate):
    raw = "firewall/debian12_lab_baseline.txt"
    assert evaluate("firewall_loopback_rules", SAVED_ONLY, firewall=raw).status == "pass"
    outcome = evaluate("firewall_loopback_rules", firewall=raw)
    assert outcome.status == "fail"
    assert "nft -j list ruleset: no ipv4 input chain" in outcome.message


@pytest.mark.parametrize(
    ("edits", "problem"),
    [
        (((LO, ""),), "inet auditor_filter input does not accept traffic on lo"),
        (((V4, ""),), "no rule drops 127.0.0.0/8 arriving on other interfaces"),
        (((V6, ""),), "no rule drops ::1 arriving on other interfaces"),
        (((V4, "\t\tip saddr 127.0.0.0/8 tcp dport 22 drop\n"),), "drops 127.0.0.0/8"),
        (((LO, '\t\tiif "lo" limit rate 10/second accept\n'),), "does not accept traffic on lo"),
        (
            (("policy accept;\n\t}\n}", "policy drop;\n\t}\n}"),),
            "inet auditor_filter output drops output by default and does not accept traffic on lo",
        ),
        (
            (("table inet auditor_filter", "table ip auditor_filter"), (V6, "")),
            "/etc/nftables.conf: no ipv6 input chain",
        ),
    ],
)
def test_missing_loopback_rules_fail(evaluate, edits, problem):
    outcome = evaluate(
        "firewall_loopback_rules",
        SAVED_ONLY,
        firewall=firewall("debian12_lab_baseline.txt", *edits),
    )
    assert outcome.status == "fail"
    assert problem in outcome.message


@pytest.mark.parametrize(
    "edits",
    [
        ((LO, "\t\tmeta iifname lo accept\n"),),
        ((LO, '\t\tiifname "lo" counter packets 10 bytes 900 accept\n'),),
        ((V4, '\t\tiifname != "lo" ip saddr 127.0.0.1/8 log prefix "spoof " drop\n'),),
        ((V4, "\t\tip saddr { 127.0.0.0/8, 0.0.0.0/8 } reject\n"),),
        ((V6, "\t\tiif != lo ip6 saddr ::1/128 counter drop\n"),),
        ((LO + V4 + V6, "iif lo accept; ip saddr 127.0.0.0/8 drop; ip6 saddr ::1 drop\n"),),
    ],
)
def test_valid_spellings_of_the_loopback_rules_pass(evaluate, edits):
    outcome = evaluate(
        "firewall_loopback_rules",
        SAVED_ONLY,
        firewall=firewall("debian12_lab_baseline.txt", *edits),
    )
    assert outcome.status == "pass", outcome.message


def test_ufw_rules_from_its_files_and_iptables_save(evaluate):
    outcome = evaluate("firewall_loopback_rules", firewall="firewall/debian12_ufw_cis.txt")
    assert outcome.status == "pass", outcome.message
    assert (
        "/etc/ufw/before.rules + /etc/ufw/user.rules: ip filter INPUT: -A INPUT -j "
        "ufw-before-input -> -A ufw-before-input -i lo -j ACCEPT" in outcome.evidence
    )
    assert (
        "running: ip6tables-save: ip6 filter INPUT: -A INPUT -j ufw6-before-input -> "
        "-A ufw6-before-input -j ufw6-user-input -> -A ufw6-user-input -s ::1/128 -j DROP"
        in outcome.evidence
    )
    raw = firewall("debian12_ufw_cis.txt", ("-A ufw6-user-input -s ::1 -j DROP\n", ""))
    outcome = evaluate("firewall_loopback_rules", SAVED_ONLY, firewall=raw)
    assert outcome.status == "fail"
    assert "user6.rules: no rule drops ::1" in outcome.message


def test_iptables_v4_and_v6_files(evaluate):
    outcome = evaluate("firewall_loopback_rules", firewall="firewall/debian12_iptables_v4v6.txt")
    assert outcome.status == "pass", outcome.message
    assert "/etc/iptables/rules.v6: ip6 filter INPUT: -A INPUT ! -i lo -s ::1/128 -j DROP" in (
        outcome.evidence
    )
    raw = firewall("debian12_iptables_v4v6.txt", ("-A OUTPUT -o lo -j ACCEPT\n", ""))
    outcome = evaluate("firewall_loopback_rules", firewall=raw)
    assert outcome.status == "fail" and "ip filter OUTPUT drops output" in outcome.message


def test_iptables_without_ipv6_rules_fails_unless_the_kernel_has_ipv6_off(evaluate):
    raw = firewall("debian12_iptables_v4v6.txt", ("/etc/iptables/rules.v6", "/etc/iptables/x"))
    outcome = evaluate("firewall_loopback_rules", firewall=raw)
    assert outcome.status == "fail" and "iptables: no ipv6 rules" in outcome.message
    raw = firewall("debian12_iptables_v4v6.txt", ("/etc/iptables/rules.v6", "/etc/iptables/x"),
                   ("SEC ipv6\n0", "SEC ipv6\n1"))  # fmt: skip
    assert evaluate("firewall_loopback_rules", firewall=raw).status == "pass"
    assert evaluate("firewall_loopback_rules", SAVED_ONLY, firewall=raw).status == "fail"


def test_firewalld_is_not_judged_and_no_tool_fails(evaluate):
    outcome = evaluate("firewall_loopback_rules", firewall="firewall/rhel9_firewalld.txt")
    assert outcome.status == "skip"
    outcome = evaluate("firewall_loopback_rules", firewall="firewall/debian12_machine_none.txt")
    assert outcome.status == "fail"
    outcome = evaluate("firewall_loopback_rules", firewall=FactError("needs root privileges"))
    assert outcome.status == "error"
