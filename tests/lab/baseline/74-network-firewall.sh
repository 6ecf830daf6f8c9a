#!/bin/sh
# Firewall: nftables enabled at boot, the only firewall tool, with input, forward and output base
# chains, a default-deny input chain, loopback accepted and loopback addresses from other
# interfaces dropped, a rule for each listening port (sshd: 22 on the VM, 2222 in namespaces).
# The lab never loads it: hosts share the machine's network stack and are not booted by
# systemd, so the checks judge this saved configuration (run them with check_running_state off).
# Loopback traffic is accepted first, so even a loaded ruleset would not cut the lab's hosts.
set -eu

cat > /etc/nftables.conf <<'NFT'
#!/usr/sbin/nft -f
# auditor lab baseline: drop incoming traffic unless allowed below.
table inet auditor_filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iif "lo" accept
		ip saddr 127.0.0.0/8 counter drop
		ip6 saddr ::1 counter drop
		ct state established,related accept
		ct state invalid drop
		tcp dport { 22, 2222 } accept comment "ssh"
		icmp type echo-request accept
		icmpv6 type { echo-request, nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept
	}
	chain forward {
		type filter hook forward priority filter; policy drop;
	}
	chain output {
		type filter hook output priority filter; policy accept;
	}
}
NFT
chmod 0755 /etc/nftables.conf
mkdir -p /etc/systemd/system/sysinit.target.wants
ln -sf /lib/systemd/system/nftables.service \
    /etc/systemd/system/sysinit.target.wants/nftables.service
