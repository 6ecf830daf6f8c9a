#!/bin/sh
# Time: chrony syncs with the site's time server (127.0.0.1 in the lab) and never steps the
# clock (-x): every host shares the build machine's kernel clock.
set -eu

conf=/etc/chrony/chrony.conf
sed -i -e '/^pool /d' -e '/^server /d' -e '/^rtcsync/d' "$conf"
cat >> "$conf" <<'CONF'

# auditor lab baseline: the site's time server
server 127.0.0.1 iburst
# Hosts share one network stack: chronyc talks over the host's own Unix socket only.
cmdport 0
CONF

cat > /etc/auditor-lab/boot.d/20-chrony.sh <<'BOOT'
#!/bin/sh
# Start chronyd without clock control; give it up to 10 s to synchronise with the lab's
# time server (tests/lab/ntp_server.py on 127.0.0.1:123) so that a scan finds it in sync.
install -d -o _chrony -g _chrony -m 0750 /run/chrony
/usr/sbin/chronyd -x
/usr/bin/chronyc -n waitsync 20 0 0 0.5 >/dev/null || echo "chrony: not synchronised yet"
BOOT
chmod 0755 /etc/auditor-lab/boot.d/20-chrony.sh
