#!/bin/sh
# scenario: nftables is not enabled at boot and its saved ruleset accepts everything
# expect-fail: firewall_default_deny
# verify: ! test -e /etc/systemd/system/sysinit.target.wants/nftables.service
rm -f /etc/systemd/system/sysinit.target.wants/nftables.service
sed -i 's/policy drop;/policy accept;/' /etc/nftables.conf
