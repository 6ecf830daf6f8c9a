#!/bin/sh
# scenario: sshd would let accounts with an empty password log in
# expect-fail: ssh_empty_passwords
# verify: sshd -T | grep -qx 'permitemptypasswords yes'
printf 'PermitEmptyPasswords yes\n' > /etc/ssh/sshd_config.d/00-scenario.conf
