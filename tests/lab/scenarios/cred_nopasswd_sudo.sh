#!/bin/sh
# scenario: user deploy may run anything with sudo without a password
# expect-fail: sudo_nopasswd sudo_broad_rules roster_accounts
# verify: sudo -l -U deploy | grep -q 'NOPASSWD: ALL'
useradd --create-home --shell /bin/bash deploy
echo 'deploy ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/deploy
chmod 0440 /etc/sudoers.d/deploy
visudo -c -f /etc/sudoers.d/deploy
