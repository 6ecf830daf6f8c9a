#!/bin/sh
# scenario: system logs are kept one week only
# expect-fail: log_retention
# verify: grep -q '^[[:space:]]*rotate 1$' /etc/logrotate.d/rsyslog
sed -i -e 's/rotate [0-9]*/rotate 1/' -e 's/\(daily\|monthly\)$/weekly/' /etc/logrotate.d/rsyslog
grep -q weekly /etc/logrotate.d/rsyslog
