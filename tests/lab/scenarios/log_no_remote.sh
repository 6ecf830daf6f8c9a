#!/bin/sh
# scenario: logs are not forwarded to the central collector
# expect-fail: log_remote_forwarding
# verify: ! grep -rqs -e omfwd -e '@' /etc/rsyslog.conf /etc/rsyslog.d
rm -f /etc/rsyslog.d/60-remote.conf
