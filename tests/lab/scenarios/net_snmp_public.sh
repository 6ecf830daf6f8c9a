#!/bin/sh
# scenario: an SNMP agent answers the community "public" on the host's address (UDP 161)
# expect-fail: network_cleartext_services listening_services
# verify: ss -Huln "src $LAB_ADDRESS" | grep -q ":161 "
# Its own configuration, not the package's: read-only access for "public" from anywhere, and no
# SMUX or AgentX socket (SMUX would listen on 0.0.0.0:199, on every lab host's address).
install -d -m 0755 /etc/auditor-lab/snmp
cat > /etc/auditor-lab/snmp/snmpd.conf <<'CONF'
sysLocation lab
sysContact root@localhost
rocommunity public default
CONF
chmod 0640 /etc/auditor-lab/snmp/snmpd.conf
chgrp Debian-snmp /etc/auditor-lab/snmp/snmpd.conf
cat > /etc/auditor-lab/boot.d/50-net_snmp_public.sh <<'BOOT'
#!/bin/sh
# snmpd on LAB_ADDRESS udp/161 only; it forks into the background and drops to Debian-snmp.
install -d -m 0755 -o Debian-snmp -g Debian-snmp /var/lib/snmp
exec /usr/sbin/snmpd -Lo -C -c /etc/auditor-lab/snmp/snmpd.conf -I -smux,mteTrigger,mteTriggerConf \
    -u Debian-snmp -g Debian-snmp -p /run/snmpd.pid "udp:$LAB_ADDRESS:161" </dev/null >/dev/null 2>&1
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_snmp_public.sh
