#!/bin/sh
# scenario: no syslog daemon runs (rsyslog is not started at boot)
# expect-fail: syslog_running
# verify: ! pgrep -x rsyslogd
rm -f /etc/auditor-lab/boot.d/10-rsyslog.sh
