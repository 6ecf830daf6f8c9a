#!/bin/sh
# scenario: account olduser has a password last changed 2020-01-01 and never logged in
# expect-fail: stale_accounts
# verify: chage -l olduser | grep -q 'Last password change.*Jan 01, 2020'
method=$(awk '$1 == "ENCRYPT_METHOD" { print $2 }' /etc/login.defs)
useradd --create-home --shell /bin/bash olduser
echo 'olduser:Stale-Account-Pw-2019!' | chpasswd --crypt-method "${method:-SHA512}"
chage -d 2020-01-01 olduser
