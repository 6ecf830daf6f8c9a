#!/bin/sh
# scenario: auth messages are kept nowhere (no auth,authpriv rsyslog rule, volatile journal)
# expect-fail: auth_logging
# verify: ! grep -rqs '^auth,authpriv\.\*' /etc/rsyslog.conf /etc/rsyslog.d
sed -i '/^auth,authpriv\.\*/d' /etc/rsyslog.conf
mkdir -p /etc/systemd/journald.conf.d
printf '[Journal]\nStorage=volatile\n' > /etc/systemd/journald.conf.d/99-lab-volatile.conf
