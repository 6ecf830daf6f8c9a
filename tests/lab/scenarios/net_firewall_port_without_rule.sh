#!/bin/sh
# scenario: the saved nftables ruleset has no rule for sshd's port 2222 (only for 22)
# expect-fail: firewall_listening_ports_allowed
# verify: grep -q 'tcp dport 22 accept' /etc/nftables.conf
# verify: ! grep -q 2222 /etc/nftables.conf
sed -i 's/tcp dport { 22, 2222 } accept/tcp dport 22 accept/' /etc/nftables.conf
