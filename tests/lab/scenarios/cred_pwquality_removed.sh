#!/bin/sh
# scenario: libpam-pwquality was removed: pam_pwquality and its rules left the PAM stack, and pam_pwhistory fell back to its line without use_authtok
# expect-fail: pam_modules_installed password_quality password_history
# verify: ! dpkg-query -W -f '${db:Status-Abbrev}' libpam-pwquality 2>/dev/null | grep -q '^ii'
# verify: ! grep -q pam_pwquality /etc/pam.d/common-password
dpkg -r libpam-pwquality
