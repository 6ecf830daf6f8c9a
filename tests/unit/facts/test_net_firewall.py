"""The firewall fact: units with their running state, packages, IPv6, the boot ruleset."""

from __future__ import annotations

from auditor.facts.firewall import nft_boot_text, parse_firewall, saved_rulesets
from tests.unit.checks.firewall_samples import firewall


def test_units_packages_and_ipv6_of_a_ufw_host():
    fw = parse_firewall(firewall("debian12_ufw_cis.txt"))
    assert fw.units["ufw"] == "enabled" and fw.active["ufw"] == "active"
    assert fw.active["netfilter-persistent"] == ""
    assert fw.packages == frozenset({"iptables", "nftables", "ufw"})
    assert fw.ipv6_disabled is False
    assert set(fw.live) == {"iptables", "ip6tables", "ufw"}
    v4, v6 = saved_rulesets(fw, "ufw")
    assert (v4.families, v6.families) == (("ipv4",), ("ipv6",))
    assert v4.origin == "/etc/ufw/before.rules + /etc/ufw/user.rules"


def test_an_older_recording_without_running_states_or_packages():
    fw = parse_firewall(firewall("debian_hardened.txt"))
    assert fw.units["nftables"] == "enabled" and fw.active["nftables"] == ""
    assert fw.packages is None and fw.ipv6_disabled is None


def test_includes_are_read_in_place_and_unread_ones_named():
    fw = parse_firewall(
        firewall(
            "debian12_lab_baseline.txt",
            (
                "table inet auditor_filter {",
                'include "/etc/nftables.d/*.nft"\n'
                'include "/srv/fw.nft"\ntable inet auditor_filter {',
            ),
            (
                "\x1eSEC live nft",
                "\x1eFILE 644 root root 9 /etc/nftables.d/a.nft\n"
                "table ip extra { }\n\x1eSEC live nft",
            ),
        )
    )
    main, text, missing = nft_boot_text(fw)
    assert main == "/etc/nftables.conf"
    assert "table ip extra { }" in text and "include" not in text
    assert missing == ["/srv/fw.nft"]
