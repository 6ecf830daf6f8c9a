#!/bin/sh
# scenario: root has a (strong, aged) password instead of being locked
# expect-fail: root_password_login
# verify: grep -q '^root:\$' /etc/shadow
method=$(awk '$1 == "ENCRYPT_METHOD" { print $2 }' /etc/login.defs)
password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "root:Rt-$password" | chpasswd --crypt-method "${method:-SHA512}"
chage --mindays 1 --maxdays 60 --warndays 7 --inactive 45 root
