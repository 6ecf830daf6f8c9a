#!/bin/sh
# scenario: sshd accepts passwords
# expect-fail: ssh_password_authentication
# verify: sshd -T | grep -qx 'passwordauthentication yes'
printf 'PasswordAuthentication yes\n' > /etc/ssh/sshd_config.d/00-scenario.conf
