#!/bin/sh
# scenario: rsyslog creates new log files readable by every user ($FileCreateMode 0644)
# expect-fail: log_file_permissions
# verify: grep -qx '\$FileCreateMode 0644' /etc/rsyslog.d/00-lab-mode.conf
# Read through rsyslog.conf's $IncludeConfig: after its 0640, before its rules.
printf '$FileCreateMode 0644\n' > /etc/rsyslog.d/00-lab-mode.conf
