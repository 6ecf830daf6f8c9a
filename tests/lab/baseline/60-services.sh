#!/bin/sh
# Services: nothing cleartext is offered. telnetd and vsftpd stay installed (scenarios use them)
# but inetd has no enabled service and neither daemon is started at boot.
set -eu

sed -i 's/^\(telnet\|ftp\|shell\|login\|exec\)[[:space:]]/#<off># &/' /etc/inetd.conf
if grep -q '^[^#[:space:]]' /etc/inetd.conf; then
    echo 'inetd.conf still enables a service' >&2
    exit 1
fi
