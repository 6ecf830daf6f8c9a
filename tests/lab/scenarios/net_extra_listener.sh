#!/bin/sh
# scenario: an unlisted TCP service listens on the host's address (port 8080)
# expect-fail: listening_services exposed_ports
# verify: ss -Htln "src $LAB_ADDRESS" | grep -q ":8080 "
cat > /etc/auditor-lab/boot.d/50-net_extra_listener.sh <<'BOOT'
#!/bin/sh
# A TCP service on LAB_ADDRESS:8080 only, in the background: it greets, reads one request and
# hangs up, so nmap's version probes do not wait on it (a silent listener holds each for seconds).
/usr/bin/python3 - "$LAB_ADDRESS" >/dev/null 2>&1 <<'PY' &
import socket
import sys

server = socket.create_server((sys.argv[1], 8080))
while True:
    conn, _ = server.accept()
    conn.settimeout(2)
    try:
        conn.sendall(b"ready\n")
        conn.recv(4096)
    except OSError:
        pass
    conn.close()
PY
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_extra_listener.sh
