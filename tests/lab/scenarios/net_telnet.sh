#!/bin/sh
# scenario: telnet served by inetd on the host's address
# expect-fail: cleartext_services network_cleartext_services listening_services exposed_ports
# verify: ss -Htln "src $LAB_ADDRESS" | grep -q ":23 "
sed -i '/^#<off># telnet/d' /etc/inetd.conf
printf '%s:telnet\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\t/usr/sbin/telnetd\n' \
    "$LAB_ADDRESS" >> /etc/inetd.conf
cat > /etc/auditor-lab/boot.d/50-net_telnet.sh <<'BOOT'
#!/bin/sh
# Start inetd (telnet on LAB_ADDRESS only).
exec /usr/sbin/inetd
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_telnet.sh
