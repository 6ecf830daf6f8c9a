#!/bin/sh
# scenario: system log files are readable by every user
# expect-fail: log_file_permissions
# verify: [ "$(stat -c %a /var/log/auth.log)" = 644 ] && [ -s /var/log/auth.log ]
for name in auth.log syslog; do
    echo "$(date '+%b %e %T') $LAB_HOSTNAME lab: log file created by scenario" >> "/var/log/$name"
    chmod 0644 "/var/log/$name"
done
