import pytest

from auditor.facts.base import FactError, Target
from tests.unit.checks.firewall_samples import SSHD, firewall, sockets

SAVED_ONLY = {"check_running_state": False}
SSH_RULE = '\t\ttcp dport { 22, 2222 } accept comment "ssh"\n'
LAB = Target("baseline", "127.0.10.2")


def check(evaluate, raw, table=SSHD, params=SAVED_ONLY, target=None):
    return evaluate(
        "firewall_listening_ports_allowed",
        params,
        firewall=raw,
        listening_sockets=table,
        target=target or Target("host", "192.0.2.5"),
    )


def test_the_vm_baseline_has_a_rule_for_sshd_saved_and_running(evaluate):
    outcome = check(evaluate, "firewall/debian12_vm_baseline.txt", params={})
    assert outcome.status == "pass", outcome.message
    assert outcome.message == "2 listening port(s), each with a firewall rule"
    assert (
        "tcp/22 ipv4: nft -j list ruleset: inet auditor_filter input: tcp dport { 22, 2222 } "
        "accept" in outcome.evidence
    )


def test_the_namespace_baseline_sshd_on_its_own_loopback_address(evaluate):
    table = sockets("tcp 127.0.10.2:2222 sshd", "tcp 127.0.10.3:2222 sshd", "tcp 0.0.0.0:5000 -")
    outcome = check(evaluate, "firewall/debian12_lab_baseline.txt", table, target=LAB)
    assert outcome.status == "pass", outcome.message
    assert outcome.message.startswith("1 listening port(s), each with a firewall rule")
    raw = firewall("debian12_lab_baseline.txt", (SSH_RULE, "\t\ttcp dport 22 accept\n"))
    outcome = check(evaluate, raw, table, target=LAB)
    assert outcome.status == "fail"
    assert "tcp/2222 (ipv4, tcp 127.0.10.2:2222 (sshd)) in nftables: /etc/nftables.conf: " in (
        outcome.message
    )


@pytest.mark.parametrize(
    "rule",
    [
        "tcp dport 22 accept",
        "tcp dport ssh accept",
        "tcp dport 20-25 counter accept",
        "meta l4proto tcp th dport { 21, 22 } accept",
        "meta l4proto { tcp, udp } th dport 22 accept",
        "ip saddr 192.0.2.0/24 tcp dport 22 ct state new accept",
        "tcp dport vmap { 22 : accept, 23 : drop }",
        "tcp dport @admin accept",
        "tcp dport $SSH accept",
        "tcp dport 22 jump ssh_in",
        "tcp dport 22 reject with tcp reset",
        "ip saddr 10.0.0.0/8 accept",
    ],
)
def test_each_spelling_of_a_port_rule_counts(evaluate, rule):
    raw = firewall(
        "debian12_lab_baseline.txt",
        (SSH_RULE, f"\t\t{rule}\n"),
        ("table inet auditor_filter {", "define SSH = 22\ntable inet auditor_filter {\n"
         "\tset admin { type inet_service; elements = { 22, 443 } }\n"
         "\tchain ssh_in { ip saddr 192.0.2.0/24 accept; }"),
    )  # fmt: skip
    outcome = check(evaluate, raw, sockets("tcp 0.0.0.0:22 sshd"))
    assert outcome.status == "pass", outcome.message


@pytest.mark.parametrize(
    "rule",
    [
        "tcp dport 2222 accept",
        "udp dport 22 accept",
        "tcp dport != 22 accept",
        "ct state established,related accept",
        'iifname "lo" tcp dport 22 accept',
        "ip saddr 10.0.0.0/8 drop",
        "tcp flags syn tcp dport 23 accept",
    ],
)
def test_rules_that_are_not_a_rule_for_the_port(evaluate, rule):
    raw = firewall("debian12_lab_baseline.txt", (SSH_RULE, f"\t\t{rule}\n"))
    outcome = check(evaluate, raw)
    assert outcome.status == "fail", outcome.message
    assert outcome.message.startswith("2 listening port(s) without a firewall rule: tcp/22")


def test_an_ipv4_only_rule_leaves_the_ipv6_socket_without_one(evaluate):
    raw = firewall(
        "debian12_lab_baseline.txt", (SSH_RULE, "\t\tip daddr 192.0.2.5 tcp dport 22 accept\n")
    )
    outcome = check(evaluate, raw)
    assert outcome.status == "fail"
    assert "tcp/22 (ipv6, tcp [::]:22 (sshd)) in nftables" in outcome.message
    assert "ipv4, tcp 0.0.0.0:22" not in outcome.message


def test_the_running_ruleset_is_judged_too(evaluate):
    outcome = check(evaluate, "firewall/debian12_lab_baseline.txt", params={})
    assert outcome.status == "fail"
    assert "in nftables (running): no ipv4 input chain" in outcome.message


def test_ufw_user_rules_limit_and_before_rules(evaluate):
    table = sockets("tcp 0.0.0.0:22 sshd", "tcp 0.0.0.0:2222 sshd", "udp 0.0.0.0:123 chronyd",
                    "udp 0.0.0.0:68 dhclient", "tcp *:23 inetd")  # fmt: skip
    outcome = check(evaluate, "firewall/debian12_ufw_cis.txt", table, params={})
    assert outcome.status == "fail"
    # 23 is refused by a rule (v4 and v6 in the files, v4 running); only its IPv6 rule is missing
    assert outcome.message.startswith("2 listening port(s) without a firewall rule: tcp/23 (ipv6")
    assert (
        "--dport 2222 -j ufw-user-limit-accept -> -A ufw-user-limit-accept -j ACCEPT"
        in " ".join(outcome.evidence)
    )
    mdns = check(evaluate, "firewall/debian12_ufw_cis.txt", sockets("udp 0.0.0.0:5353 avahi"))
    assert mdns.status == "pass", mdns.message


def test_iptables_save_files_with_a_jump_multiport_and_a_service_name(evaluate):
    table = sockets("tcp 0.0.0.0:22 sshd", "udp 0.0.0.0:5005 x", "tcp [::]:443 nginx",
                    "tcp 0.0.0.0:443 nginx", "udp 0.0.0.0:53 named")  # fmt: skip
    outcome = check(evaluate, "firewall/debian12_iptables_v4v6.txt", table, params={})
    assert outcome.status == "pass", outcome.message
    assert (
        "tcp/22 ipv4: /etc/iptables/rules.v4: ip filter INPUT: -A INPUT -p tcp -m tcp --dport 22 "
        "-m state --state NEW -j SSH -> -A SSH -s 192.0.2.0/24 -j ACCEPT" in outcome.evidence
    )
    table = sockets("udp [::]:53 named")
    outcome = check(evaluate, "firewall/debian12_iptables_v4v6.txt", table)
    assert outcome.status == "fail" and "rules.v6: ip6 filter INPUT: no rule" in outcome.message


def test_errors_skip_and_no_tool(evaluate):
    outcome = check(evaluate, FactError("needs root privileges"))
    assert outcome.status == "error"
    outcome = check(evaluate, "firewall/debian12_vm_baseline.txt", FactError("ss failed"))
    assert outcome.status == "error"
    assert check(evaluate, "firewall/rhel9_firewalld.txt").status == "skip"
    assert check(evaluate, "firewall/debian12_machine_none.txt").status == "fail"
