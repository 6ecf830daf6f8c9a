#!/bin/sh
# scenario: the saved nftables ruleset has input and forward base chains but no output chain
# expect-fail: nftables_ruleset_complete
# verify: ! grep -q 'hook output' /etc/nftables.conf
sed -i '/chain output {/,/}/d' /etc/nftables.conf
