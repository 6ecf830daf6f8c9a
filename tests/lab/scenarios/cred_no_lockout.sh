#!/bin/sh
# scenario: pam_faillock locks an account only after 10 failed logins
# expect-fail: account_lockout
# verify: grep -q 'pam_faillock.so authfail deny=10' /etc/pam.d/common-auth
sed -i 's/\(pam_faillock.so.*\)deny=5/\1deny=10/' /etc/pam.d/common-auth
sed -i 's/^deny = .*/deny = 10/' /etc/security/faillock.conf
