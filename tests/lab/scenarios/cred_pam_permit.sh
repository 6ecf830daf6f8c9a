#!/bin/sh
# scenario: sshd's PAM stack accepts any password (pam_permit.so sufficient), an intruder's back door
# expect-fail: pam_backdoors
# verify: grep -q '^auth sufficient pam_permit.so' /etc/pam.d/sshd
# sshd keeps password authentication off on the baseline, so the lab's key logins are unchanged.
sed -i '1i auth sufficient pam_permit.so' /etc/pam.d/sshd
