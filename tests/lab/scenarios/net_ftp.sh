#!/bin/sh
# scenario: vsftpd serves plain FTP on the host's address
# expect-fail: cleartext_services network_cleartext_services listening_services exposed_ports
# verify: ss -Htln "src $LAB_ADDRESS" | grep -q ":21 "
conf=/etc/vsftpd.conf
sed -i -e '/^listen=/d' -e '/^listen_ipv6=/d' -e '/^listen_address=/d' "$conf"
printf 'listen=YES\nlisten_ipv6=NO\nlisten_address=%s\nbackground=YES\n' "$LAB_ADDRESS" >> "$conf"
cat > /etc/auditor-lab/boot.d/50-net_ftp.sh <<'BOOT'
#!/bin/sh
# Start vsftpd (plain FTP on LAB_ADDRESS only).
mkdir -p /run/vsftpd/empty
exec /usr/sbin/vsftpd /etc/vsftpd.conf
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_ftp.sh
