#!/bin/sh
# scenario: rsyslog removed, journald is the only logging system and nothing uploads the journal
# expect-fail: log_remote_forwarding syslog_running
# verify: ! test -e /usr/sbin/rsyslogd
# verify: test -x /lib/systemd/systemd-journald
# inetutils-telnetd needs a system log daemon: it goes too (only net_telnet uses it).
dpkg --purge rsyslog inetutils-telnetd
rm -rf /etc/rsyslog.d /etc/auditor-lab/boot.d/10-rsyslog.sh
