#!/bin/sh
# scenario: the systemd journal is kept in memory only (Storage=volatile)
# expect-fail: journald_persistent
# verify: grep -qx 'Storage=volatile' /etc/systemd/journald.conf.d/99-lab-volatile.conf
mkdir -p /etc/systemd/journald.conf.d
printf '[Journal]\nStorage=volatile\n' > /etc/systemd/journald.conf.d/99-lab-volatile.conf
