#!/bin/sh
# scenario: sshd never closes idle sessions (ClientAliveInterval 0)
# expect-fail: ssh_idle_timeout
# verify: sshd -T | grep -qx 'clientaliveinterval 0'
# sshd_config.d files are read in name order and the first value wins: 05- comes first.
printf 'ClientAliveInterval 0\n' > /etc/ssh/sshd_config.d/05-keepalive.conf
chmod 0600 /etc/ssh/sshd_config.d/05-keepalive.conf
