"""nftables rulesets: the syntax variants nft accepts in a saved file, and nft's own JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.parsers.nft import (
    chains_of_json,
    chains_of_text,
    input_chains_of_json,
    input_chains_of_text,
    parse_text,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "parsers" / "nft"
LAB_BASELINE = Path(__file__).resolve().parents[2] / "lab" / "baseline" / "74-network-firewall.sh"


def verdicts(text: str) -> list[tuple[str, str, bool]]:
    return [(c.name, c.policy, c.denies) for c in input_chains_of_text(text)]


@pytest.mark.parametrize(
    ("ruleset", "expected"),
    [
        # the header, its hook and its policy on the chain's own line (a valid file, once
        # misread as "no input chain")
        (
            "table inet filter {\n"
            "  chain input { type filter hook input priority 0; policy drop;\n"
            "    iif lo accept\n  }\n}\n",
            [("input", "drop", True)],
        ),
        # a whole chain on one line
        (
            "table inet filter {\n"
            "  chain input { type filter hook input priority filter; policy drop; iif lo accept; "
            "}\n"
            "}\n",
            [("input", "drop", True)],
        ),
        # the usual layout, with a multi-line anonymous set and a comment holding braces
        (
            "#!/usr/sbin/nft -f\nflush ruleset\n"
            "table inet filter {\n  chain input {\n"
            "    type filter hook input priority 0\n    policy drop\n"
            '    tcp dport {\n      22,\n      443\n    } accept comment "ssh { and } https"\n'
            "  }\n}\n",
            [("input", "drop", True)],
        ),
        # policy accept, but the last rule rejects everything
        (
            "table ip filter {\n  chain INPUT {\n"
            "    type filter hook input priority 0; policy accept;\n"
            "    ct state established,related accept\n"
            "    counter reject with icmpx type admin-prohibited\n  }\n}\n",
            [("INPUT", "accept", True)],
        ),
        # no policy (nft's default: accept) and a last rule that only drops some traffic
        (
            "table inet filter {\n  chain input {\n    type filter hook input priority 0;\n"
            "    ip saddr 192.0.2.0/24 drop\n  }\n}\n",
            [("input", "", False)],
        ),
        # the command form, with the rules added to the chain afterwards
        (
            "add table inet filter\n"
            "add chain inet filter input { type filter hook input priority 0 ; policy accept ; }\n"
            "add rule inet filter input iif lo accept\n"
            "add rule inet filter input drop\n",
            [("input", "accept", True)],
        ),
        # a regular chain, an output chain and a nat chain hook nothing on input
        (
            "table inet filter {\n  chain tcp_in { tcp dport 22 accept; }\n"
            "  chain output { type filter hook output priority 0; policy drop; }\n}\n"
            "table ip nat {\n  chain pre { type nat hook prerouting priority -100; }\n}\n",
            [],
        ),
        # two input chains: the drop of either is final
        (
            "table inet a {\n"
            "  chain input { type filter hook input priority 0; policy accept; }\n}\n"
            "table inet b {\n"
            "  chain input { type filter hook input priority 10; policy drop; }\n}\n",
            [("input", "accept", False), ("input", "drop", True)],
        ),
    ],
)
def test_input_chains_of_the_syntax_variants_nft_accepts(ruleset, expected):
    assert verdicts(ruleset) == expected


def test_a_set_definition_and_a_verdict_map_are_not_taken_for_chains():
    root = parse_text(
        "define ADMINS = { 192.0.2.1, 192.0.2.2 }\n"
        "table inet filter {\n  set blocked { type ipv4_addr; flags interval; }\n"
        "  chain input {\n    type filter hook input priority 0; policy drop;\n"
        "    ip saddr vmap { 192.0.2.9 : drop, 192.0.2.1 : accept }\n  }\n}\n"
    )
    (table,) = root.blocks
    assert [b.header for b in table.blocks] == ["set blocked", "chain input"]
    assert table.blocks[1].statements[-1] == (
        "ip saddr vmap { 192.0.2.9 : drop, 192.0.2.1 : accept }"
    )


def test_the_lab_baseline_ruleset_reads_the_same_from_the_file_and_from_nft():
    script = LAB_BASELINE.read_text()
    saved = script.split("<<'NFT'\n", 1)[1].split("\nNFT\n", 1)[0]
    from_file = input_chains_of_text(saved)
    from_nft = input_chains_of_json((DATA / "lab_baseline.json").read_text())
    assert [(c.policy, c.denies) for c in from_file] == [("drop", True)]
    assert [(c.name, c.policy, c.denies) for c in from_nft] == [
        ("inet auditor_filter input", "drop", True)
    ]


def test_nft_json_policy_accept_with_a_final_reject_and_an_open_chain():
    (reject,) = input_chains_of_json((DATA / "final_reject.json").read_text())
    assert (reject.policy, reject.last_rule, reject.denies) == ("accept", "counter reject", True)
    (text,) = input_chains_of_text((DATA / "final_reject.nft").read_text())
    assert text.denies and text.last_rule == "counter reject with icmpx type admin-prohibited"
    (open_chain,) = input_chains_of_json((DATA / "open.json").read_text())
    assert not open_chain.denies and open_chain.last_rule == "match ... accept"
    with pytest.raises(ValueError):
        input_chains_of_json('{"not": "nft"}')


def _semantics(chains):
    return {
        (c.family, c.table, c.name): (c.hook, c.policy or "accept", [
            (r.verdict, r.iif, r.saddr, r.protos, r.dports, r.states) for r in c.rules
        ])
        for c in chains
    }  # fmt: skip


def test_the_lab_baseline_rules_read_the_same_from_the_file_and_from_nft_json():
    script = LAB_BASELINE.read_text()
    saved = script.split("<<'NFT'\n", 1)[1].split("\nNFT\n", 1)[0]
    from_file = _semantics(chains_of_text(saved))
    from_nft = _semantics(chains_of_json((DATA / "lab_baseline.json").read_text()))
    assert from_file == from_nft
    hook, policy, rules = from_file[("inet", "auditor_filter", "input")]
    assert (hook, policy) == ("input", "drop")
    assert rules[:3] == [
        ("accept", "lo", None, None, None, None),
        ("drop", None, ("127.0.0.0/8",), None, None, None),
        ("drop", None, ("::1",), None, None, None),
    ]
    assert ("accept", None, None, frozenset({"tcp"}), ((22, 22), (2222, 2222)), None) in rules


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('iifname "lo" accept', ("accept", "lo", None, None)),
        ("meta iif lo counter packets 3 bytes 180 accept", ("accept", "lo", None, None)),
        ('iifname != "lo" ip saddr 127.0.0.0/8 drop', ("drop", "!lo", ("127.0.0.0/8",), None)),
        ("ip6 saddr != ::1 reject with icmpv6 type admin-prohibited",
         ("reject", None, ("!::1",), None)),
        ("tcp dport { ssh, 8000-8080 } ct state new accept",
         ("accept", None, None, ((22, 22), (8000, 8080)))),
        ("udp dport @ports jump udp_in", ("jump", None, None, ((53, 53),))),
        ('tcp dport 22 log prefix "ssh: " level info accept', ("accept", None, None, ((22, 22),))),
    ],
)  # fmt: skip
def test_rule_matches_of_the_text(rule, expected):
    text = f"table inet t {{ set ports {{ type inet_service; elements = {{ 53 }} }}\n" \
           f"chain input {{ type filter hook input priority 0; {rule}; }} }}"  # fmt: skip
    (chain,) = [c for c in chains_of_text(text) if c.name == "input"]
    (got,) = chain.rules
    assert (got.verdict, got.iif, got.saddr, got.dports) == expected
    assert not got.other


def test_a_verdict_map_gives_one_rule_per_port_and_an_unknown_match_is_other():
    text = (
        "table ip t { chain input { type filter hook input priority 0; policy drop;\n"
        "tcp dport vmap { 22 : accept, 23 : drop, 80 : jump web }\n"
        "ip daddr 192.0.2.1 iif lo accept } }"
    )
    (chain,) = chains_of_text(text)
    assert [(r.verdict, r.target, r.dports) for r in chain.rules[:3]] == [
        ("accept", "", ((22, 22),)), ("drop", "", ((23, 23),)), ("jump", "web", ((80, 80),))
    ]  # fmt: skip
    assert chain.rules[3].iif == "lo" and chain.rules[3].other
