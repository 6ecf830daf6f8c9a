#!/bin/sh
# scenario: an unlisted TCP service listens on the host's address (port 8080)
# expect-fail: listening_services exposed_ports
# verify: ss -Htln "src $LAB_ADDRESS" | grep -q ":8080 "
cat > /etc/auditor-lab/boot.d/50-net_extra_listener.sh <<'BOOT'
#!/bin/sh
# A plain TCP listener on LAB_ADDRESS:8080 only, in the background.
nc -lk "$LAB_ADDRESS" 8080 </dev/null >/dev/null 2>&1 &
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_extra_listener.sh
