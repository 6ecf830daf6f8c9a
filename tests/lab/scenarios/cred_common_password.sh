#!/bin/sh
# scenario: user canbo has the well-known password 123456a@
# expect-fail: common_passwords leaked_accounts
# verify: grep -q '^canbo:\$' /etc/shadow
method=$(awk '$1 == "ENCRYPT_METHOD" { print $2 }' /etc/login.defs)
useradd --create-home --shell /bin/bash canbo
echo 'canbo:123456a@' | chpasswd --crypt-method "${method:-SHA512}"
