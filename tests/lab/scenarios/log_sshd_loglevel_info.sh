#!/bin/sh
# scenario: sshd logs at INFO, without the fingerprint of the key used to log in
# expect-fail: sshd_log_level
# verify: sshd -T | grep -qx 'loglevel INFO'
# sshd keeps the first value it reads: this drop-in sorts before the baseline's.
printf 'LogLevel INFO\n' > /etc/ssh/sshd_config.d/00-lab-loglevel.conf
chmod 0600 /etc/ssh/sshd_config.d/00-lab-loglevel.conf
