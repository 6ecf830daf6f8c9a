#!/bin/sh
# scenario: /dev/shm is not a file system of its own (a plain directory of the /dev tmpfs)
# expect-fail: separate_partitions
# verify: ! mountpoint -q /dev/shm
# verify: test -d /dev/shm
umount /dev/shm
