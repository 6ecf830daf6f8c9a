#!/bin/sh
# scenario: pwquality has the length and classes but not the other rules: difok=1 on the PAM line, maxsequence and dictcheck=0 from pwquality.conf.d, no enforce_for_root; pam_unix without use_authtok
# expect-fail: password_quality
# verify: grep -q '^dictcheck = 0' /etc/security/pwquality.conf.d/50-site.conf
# verify: grep -q 'pam_pwquality.so.*difok=1' /etc/pam.d/common-password
sed -i -e '/^difok/d' -e '/^maxsequence/d' -e '/^dictcheck/d' -e '/^enforce_for_root/d' \
    /etc/security/pwquality.conf
mkdir -p /etc/security/pwquality.conf.d
printf 'maxsequence = 6\ndictcheck = 0\n' > /etc/security/pwquality.conf.d/50-site.conf
sed -i -e 's/\(pam_pwquality.so.*minclass=4\)$/\1 difok=1/' \
    -e 's/\(pam_unix.so obscure\) use_authtok/\1/' /etc/pam.d/common-password
