#!/bin/sh
# scenario: pam_pwhistory refuses only the last 3 passwords
# expect-fail: password_history
# verify: grep -q 'pam_pwhistory.so remember=3' /etc/pam.d/common-password
sed -i 's/pam_pwhistory.so remember=10/pam_pwhistory.so remember=3/' /etc/pam.d/common-password
