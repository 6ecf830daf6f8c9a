#!/bin/sh
# scenario: a VNC server (x11vnc) listens on the host's address, port 5900
# expect-fail: remote_desktop_tools network_remote_desktop network_cleartext_services listening_services exposed_ports
# verify: ss -Htlnp "src $LAB_ADDRESS" | grep -q '"x11vnc"'
# The lab has no display: a copy of python3 named x11vnc stands in for the server (same process
# name, same port). It speaks the start of RFB 3.8 and offers only "VNC Authentication", no TLS,
# as nmap's vnc-info reads it; then it hangs up, so nmap's probes never wait on it.
cp /usr/bin/python3 /usr/local/bin/x11vnc
cat > /usr/local/lib/x11vnc-lab.py <<'PY'
import socket
import sys

server = socket.create_server((sys.argv[1], 5900))
while True:
    conn, _ = server.accept()
    conn.settimeout(2)
    try:
        conn.sendall(b"RFB 003.008\n")
        if conn.recv(12).startswith(b"RFB "):
            conn.sendall(b"\x01\x02")  # one security type: 2, VNC Authentication
            conn.recv(1)
    except OSError:
        pass
    conn.close()
PY
cat > /etc/auditor-lab/boot.d/50-net_remote_desktop.sh <<'BOOT'
#!/bin/sh
# "x11vnc" on LAB_ADDRESS:5900 only, in the background.
/usr/local/bin/x11vnc /usr/local/lib/x11vnc-lab.py "$LAB_ADDRESS" </dev/null >/dev/null 2>&1 &
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_remote_desktop.sh
