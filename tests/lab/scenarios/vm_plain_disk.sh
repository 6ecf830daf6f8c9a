#!/bin/sh
# scenario: a terminal whose root file system is on an unencrypted disk
# machine: vm
# role: terminal
# disk: plain
# expect-fail: disk_encryption
# verify: lsblk -no TYPE "$(findmnt -no SOURCE /)" | grep -qx disk
true
