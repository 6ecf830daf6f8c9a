#!/bin/sh
# scenario: journald neither compresses its journal nor hands messages to rsyslog, the logging system
# expect-fail: journald_persistent
# verify: grep -qx 'ForwardToSyslog=no' /etc/systemd/journald.conf.d/99-lab-forward.conf
mkdir -p /etc/systemd/journald.conf.d
printf '[Journal]\nCompress=no\nForwardToSyslog=no\n' > /etc/systemd/journald.conf.d/99-lab-forward.conf
