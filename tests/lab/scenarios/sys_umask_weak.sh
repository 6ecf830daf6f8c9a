#!/bin/sh
# scenario: the default umask is 022 again (new files readable by everyone)
# expect-fail: umask_default
# verify: grep -Eq '^UMASK[[:space:]]+022' /etc/login.defs
sed -i 's/^UMASK.*/UMASK\t\t022/' /etc/login.defs
