#!/bin/sh
# scenario: the saved nftables ruleset neither accepts lo nor drops loopback addresses from other interfaces
# expect-fail: firewall_loopback_rules
# verify: ! grep -q 'iif "lo"' /etc/nftables.conf
# verify: ! grep -q 'saddr' /etc/nftables.conf
sed -i -e '/iif "lo" accept/d' -e '/saddr 127.0.0.0\/8/d' -e '/saddr ::1/d' /etc/nftables.conf
