#!/bin/sh
# scenario: a sudoers.d file is writable by the staff group
# expect-fail: sudoers_file_permissions
# verify: test "$(stat -c '%a %U %G' /etc/sudoers.d/90-ops)" = "660 root staff"
# sudo skips the file with a warning (owned by gid 50), so the audit account's own rule in
# /etc/sudoers.d/auditor still applies; a writable /etc/sudoers.d would make sudo drop the
# whole directory, the audit account's rule with it.
printf 'ops ALL=(root) /usr/bin/systemctl restart app\n' > /etc/sudoers.d/90-ops
chgrp staff /etc/sudoers.d/90-ops
chmod 0660 /etc/sudoers.d/90-ops
