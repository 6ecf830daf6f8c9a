#!/bin/sh
# scenario: sshd allows 10 authentication attempts per connection
# expect-fail: ssh_max_auth_tries
# verify: sshd -T | grep -qx 'maxauthtries 10'
printf 'MaxAuthTries 10\n' > /etc/ssh/sshd_config.d/00-scenario.conf
