"""iptables-save format (and ``iptables -S``) as netfilter chains."""

from __future__ import annotations

import pytest

from auditor.parsers.iptables import chains_of_save


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("-A INPUT -i lo -j ACCEPT", ("accept", "lo", None, None, None)),
        ("-A INPUT ! -i lo -s 127.0.0.0/8 -j DROP", ("drop", "!lo", ("127.0.0.0/8",), None, None)),
        ("-A INPUT --in-interface lo --jump ACCEPT", ("accept", "lo", None, None, None)),
        ("-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT",
         ("accept", None, None, frozenset({"tcp"}), ((22, 22),))),
        ("-A INPUT -p 17 -m multiport --dports 53,6000:6010 -j ACCEPT",
         ("accept", None, None, frozenset({"udp"}), ((53, 53), (6000, 6010)))),
        ("-A INPUT -p tcp --destination-port https -m comment --comment \"web in\" -j ACCEPT",
         ("accept", None, None, frozenset({"tcp"}), ((443, 443),))),
        ("-A INPUT -j REJECT --reject-with icmp-host-prohibited",
         ("reject", None, None, None, None)),
    ],
)  # fmt: skip
def test_rule_options(line, expected):
    (chain,) = chains_of_save([":INPUT DROP [0:0]", line])
    (rule,) = chain.rules
    assert (rule.verdict, rule.iif, rule.saddr, rule.protos, rule.dports) == expected
    assert not rule.other


def test_only_the_filter_table_and_its_policies():
    lines = [
        "*nat", ":PREROUTING ACCEPT [0:0]", "-A PREROUTING -p tcp --dport 80 -j REDIRECT",
        "COMMIT", "*filter", ":INPUT DROP [0:0]", ":SSH - [0:0]",
        "-A INPUT -p tcp --dport 22 -j SSH", "-A SSH -s 192.0.2.0/24 -j ACCEPT", "COMMIT",
    ]  # fmt: skip
    chains = {c.name: c for c in chains_of_save(lines) or []}
    assert set(chains) == {"INPUT", "SSH"}
    assert (chains["INPUT"].hook, chains["INPUT"].policy) == ("input", "drop")
    assert (chains["SSH"].hook, chains["SSH"].policy) == ("", "")
    assert chains["INPUT"].rules[0].target == "SSH"


def test_iptables_s_output_and_nothing_to_read():
    (chain,) = chains_of_save(["-P INPUT ACCEPT", "-A INPUT -m state --state INVALID -j DROP"])
    assert chain.policy == "accept" and chain.rules[0].states == frozenset({"invalid"})
    assert chains_of_save(["iptables-save: command failed"]) is None
