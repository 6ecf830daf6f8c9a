#!/bin/sh
# scenario: a set-uid program no package installed sits at an approved path (/usr/sbin/mount.nfs)
# expect-fail: suid_files
# verify: test -u /usr/sbin/mount.nfs && ! dpkg -S /usr/sbin/mount.nfs
cp /bin/dash /usr/sbin/mount.nfs
chmod 4755 /usr/sbin/mount.nfs
