#!/bin/sh
# Logging: rsyslog with auth logs, forwarding to the collector, private log files, 13 weeks kept.
set -eu

# No kernel log in a lab host: /proc/kmsg belongs to the build machine.
sed -i 's/^module(load="imklog")/#&/' /etc/rsyslog.conf
grep -q '^auth,authpriv\.\*[[:space:]]*/var/log/auth.log' /etc/rsyslog.conf
grep -q '^\$FileCreateMode 0640' /etc/rsyslog.conf

# Central collector (need not exist: the queue holds messages while it is away).
cat > /etc/rsyslog.d/60-remote.conf <<'CONF'
# Forward everything to the central log collector over TCP.
*.* action(type="omfwd" target="127.0.0.1" port="10514" protocol="tcp"
           queue.type="LinkedList" queue.size="10000" action.resumeRetryCount="-1")
CONF

# Log files exist from the start, root:adm 0640; nothing under /var/log is world-readable.
for name in syslog auth.log kern.log mail.log user.log cron.log; do
    touch "/var/log/$name"
    chown root:adm "/var/log/$name"
done
find /var/log -type f -exec chmod u-x,g-wx,o-rwx {} +

# Rotation: weekly, 13 weeks for system logs, at least 4 months elsewhere.
sed -i -e 's/^rotate [0-9]*/rotate 13/' -e 's/^\(daily\|monthly\)$/weekly/' /etc/logrotate.conf
sed -i -e 's/rotate [0-9]*/rotate 13/' -e 's/\(daily\|monthly\)$/weekly/' \
    /etc/logrotate.d/rsyslog /etc/logrotate.d/vsftpd
for name in btmp wtmp; do
    sed -i -e 's/rotate 1$/rotate 4/' -e 's/create 06[0-9]0 root utmp/create 0640 root utmp/' \
        "/etc/logrotate.d/$name"
done
sed -i 's/create 644 root root/create 640 root adm/' /etc/logrotate.d/dpkg \
    /etc/logrotate.d/alternatives
grep -q 'rotate 13' /etc/logrotate.d/rsyslog

cat > /etc/auditor-lab/boot.d/10-rsyslog.sh <<'BOOT'
#!/bin/sh
# Start the system logger.
exec /usr/sbin/rsyslogd
BOOT
chmod 0755 /etc/auditor-lab/boot.d/10-rsyslog.sh
