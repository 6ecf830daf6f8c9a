#!/bin/sh
# scenario: pam_unix accepts empty passwords (nullok back in common-auth), though no account has one yet
# expect-fail: empty_passwords
# verify: grep -q 'pam_unix.so nullok' /etc/pam.d/common-auth
sed -i 's/pam_unix.so try_first_pass/pam_unix.so nullok try_first_pass/' /etc/pam.d/common-auth
