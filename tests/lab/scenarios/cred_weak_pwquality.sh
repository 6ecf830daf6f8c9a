#!/bin/sh
# scenario: pam_pwquality accepts 8-character passwords of one character class
# expect-fail: password_quality
# verify: grep -q 'pam_pwquality.so.*minlen=8 minclass=1' /etc/pam.d/common-password
sed -i 's/minlen=14 minclass=4/minlen=8 minclass=1/' /etc/pam.d/common-password
sed -i -e 's/^minlen = .*/minlen = 8/' -e 's/^minclass = .*/minclass = 1/' \
    /etc/security/pwquality.conf
