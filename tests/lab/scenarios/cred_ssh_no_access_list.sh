#!/bin/sh
# scenario: sshd names no allowed users or groups (AllowGroups removed from the drop-in)
# expect-fail: ssh_access_lists
# verify: ! sshd -T 2>/dev/null | grep -Eq '^(allow|deny)(users|groups) '
sed -i '/^AllowGroups /d' /etc/ssh/sshd_config.d/10-hardening.conf
