#!/bin/sh
# scenario: sshd lets root log in
# expect-fail: ssh_root_login
# verify: sshd -T | grep -qx 'permitrootlogin yes'
printf 'PermitRootLogin yes\n' > /etc/ssh/sshd_config.d/00-scenario.conf
