#!/bin/sh
# scenario: pam_faillock unlocks accounts after 5 minutes and never locks root
# expect-fail: account_lockout
# verify: grep -q '^unlock_time = 300' /etc/security/faillock.conf
# verify: ! grep -q even_deny_root /etc/security/faillock.conf
sed -i 's/ unlock_time=[0-9]*//' /etc/pam.d/common-auth
sed -i -e 's/^unlock_time = .*/unlock_time = 300/' -e '/^even_deny_root/d' -e '/^root_unlock_time/d' \
    /etc/security/faillock.conf
