#!/bin/sh
# Logging: the systemd journal, where journald is installed, is kept on disk, compressed, and
# handed to rsyslog, the logging system of the baseline (20-logging).
set -eu

if [ ! -x /lib/systemd/systemd-journald ] && [ ! -x /usr/lib/systemd/systemd-journald ]; then
    exit 0
fi
mkdir -p /etc/systemd/journald.conf.d
cat > /etc/systemd/journald.conf.d/60-persistent.conf <<'CONF'
# auditor lab baseline
[Journal]
Storage=persistent
Compress=yes
ForwardToSyslog=yes
CONF
if getent group systemd-journal >/dev/null; then
    install -d -m 2755 -g systemd-journal /var/log/journal
else
    install -d -m 0755 /var/log/journal
fi
