#!/bin/sh
# Firewall: nftables enabled at boot with a default-deny input chain (firewall_default_deny).
# The lab never loads it: hosts share the machine's network stack and are not booted by
# systemd, so the check judges this saved configuration (run it with check_running_state off).
# Loopback traffic is accepted first, so even a loaded ruleset would not cut the lab's hosts.
set -eu

cat > /etc/nftables.conf <<'NFT'
#!/usr/sbin/nft -f
# auditor lab baseline: drop incoming traffic unless allowed below.
table inet auditor_filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iif "lo" accept
		ct state established,related accept
		ct state invalid drop
		tcp dport { 22, 2222 } accept comment "ssh"
		icmp type echo-request accept
		icmpv6 type { echo-request, nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept
	}
	chain forward {
		type filter hook forward priority filter; policy drop;
	}
}
NFT
chmod 0755 /etc/nftables.conf
mkdir -p /etc/systemd/system/sysinit.target.wants
ln -sf /lib/systemd/system/nftables.service \
    /etc/systemd/system/sysinit.target.wants/nftables.service
