#!/bin/sh
# scenario: the sshd drop-in is readable by everyone and a public host key writable by everyone
# expect-fail: ssh_config_permissions
# verify: test "$(stat -c %a /etc/ssh/sshd_config.d/10-hardening.conf)" = 644
# verify: test "$(stat -c %a /etc/ssh/ssh_host_ed25519_key.pub)" = 666
chmod 0644 /etc/ssh/sshd_config.d/10-hardening.conf
chmod 0666 /etc/ssh/ssh_host_ed25519_key.pub
