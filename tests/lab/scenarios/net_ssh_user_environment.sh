#!/bin/sh
# scenario: sshd lets users set their environment at login (PermitUserEnvironment yes), an LD_PRELOAD door
# expect-fail: ssh_hardened_settings
# verify: sshd -T | grep -qx 'permituserenvironment yes'
sed -i 's/^PermitUserEnvironment no$/PermitUserEnvironment yes/' /etc/ssh/sshd_config.d/10-hardening.conf
