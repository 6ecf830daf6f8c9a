#!/bin/sh
# scenario: no TMOUT in the shell start-up files (idle shells never end)
# expect-fail: shell_idle_timeout
# verify: ! grep -rqs TMOUT /etc/profile /etc/profile.d /etc/bash.bashrc
rm -f /etc/profile.d/10-timeout.sh
sed -i '/TMOUT/d' /etc/profile /etc/bash.bashrc
