#!/bin/sh
# scenario: pam_pwhistory spares root and asks for its own password (no enforce_for_root, no use_authtok), and pam_unix keeps a history of its own
# expect-fail: password_history
# verify: grep -q 'pam_pwhistory.so remember=10$' /etc/pam.d/common-password
# verify: grep -q 'pam_unix.so.*remember=5' /etc/pam.d/common-password
sed -i -e 's/pam_pwhistory.so remember=10 enforce_for_root use_authtok/pam_pwhistory.so remember=10/' \
    -e 's/\(pam_unix.so obscure.*yescrypt\)$/\1 remember=5/' /etc/pam.d/common-password
