#!/bin/sh
# scenario: the hardened baseline as a virtual machine (own kernel, LUKS root, own address): the reference for what namespace hosts share with the machine
# machine: vm
# verify: systemctl is-active --quiet auditd.service && auditctl -s | grep -q '^enabled 2'
# verify: auditctl -l | grep -q -- '-w /etc/shadow -p wa -k identity'
# verify: lsblk -no TYPE "$(findmnt -no SOURCE /)" | grep -qx crypt
# verify: ip -4 -o address show scope global | grep -q ' 10\.0\.2\.15/24 '
# verify: chronyc -n tracking | grep -q '^Leap status *: Normal'
true
