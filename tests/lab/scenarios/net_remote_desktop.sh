#!/bin/sh
# scenario: a VNC server (x11vnc) listens on the host's address, port 5900
# expect-fail: remote_desktop_tools listening_services exposed_ports
# verify: ss -Htlnp "src $LAB_ADDRESS" | grep -q '"x11vnc"'
# The lab has no display: a copy of nc named x11vnc stands in for the server (same process
# name, same port), which is what the check sees.
cp /bin/nc.openbsd /usr/local/bin/x11vnc
cat > /etc/auditor-lab/boot.d/50-net_remote_desktop.sh <<'BOOT'
#!/bin/sh
# "x11vnc" on LAB_ADDRESS:5900 only, in the background.
/usr/local/bin/x11vnc -lk "$LAB_ADDRESS" 5900 </dev/null >/dev/null 2>&1 &
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_remote_desktop.sh
