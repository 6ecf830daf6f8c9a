#!/bin/sh
# scenario: a backdoor listens on the host's address (TCP 1022) and a trojaned ss hides it from the host
# expect-fail: network_listening_agreement exposed_ports
# verify: /usr/bin/ss -Htln "src $LAB_ADDRESS" | grep -q ":1022 "
# verify: ! ss -Htln "src $LAB_ADDRESS" | grep -q ":1022 "
# What a rootkit does: an ss earlier in root's PATH (and sudo's secure_path) that drops the
# backdoor's lines, so listening_services sees nothing; nmap, from outside, finds the port open.
cat > /usr/local/sbin/ss <<'SS'
#!/bin/sh
/usr/bin/ss "$@" | grep -v ':1022[[:space:]]'
SS
chmod 0755 /usr/local/sbin/ss
cat > /etc/auditor-lab/boot.d/50-net_hidden_listener.sh <<'BOOT'
#!/bin/sh
# The backdoor on LAB_ADDRESS:1022 only, in the background: it greets, reads one request and
# hangs up, so nmap's version probes do not wait on it (a silent listener holds each for seconds).
/usr/bin/python3 - "$LAB_ADDRESS" >/dev/null 2>&1 <<'PY' &
import socket
import sys

server = socket.create_server((sys.argv[1], 1022))
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
chmod 0755 /etc/auditor-lab/boot.d/50-net_hidden_listener.sh
