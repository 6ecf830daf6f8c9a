#!/bin/sh
# scenario: the hardened baseline as a virtual machine in the terminal role (encrypted root)
# machine: vm
# role: terminal
# verify: cryptsetup status cryptroot | grep -q 'type: *LUKS2'
# verify: lsblk -no TYPE "$(findmnt -no SOURCE /)" | grep -qx crypt
true
