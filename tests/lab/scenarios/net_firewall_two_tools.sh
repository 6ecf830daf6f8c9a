#!/bin/sh
# scenario: an iptables rules loader (netfilter-persistent.service) is enabled at boot beside nftables
# expect-fail: firewall_single_tool
# verify: test -L /etc/systemd/system/multi-user.target.wants/netfilter-persistent.service
mkdir -p /etc/iptables /etc/systemd/system/multi-user.target.wants
cat > /etc/iptables/rules.v4 <<'RULES'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
RULES
cat > /etc/systemd/system/netfilter-persistent.service <<'UNIT'
[Unit]
Description=Restore iptables rules (hand-written loader)
Before=network-pre.target

[Service]
Type=oneshot
ExecStart=/usr/sbin/iptables-restore /etc/iptables/rules.v4

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/netfilter-persistent.service \
    /etc/systemd/system/multi-user.target.wants/netfilter-persistent.service
