#!/bin/sh
# scenario: a set-uid root copy of a shell hides in /usr/local/bin
# expect-fail: suid_files
# verify: test -u /usr/local/bin/.sysupdate
cp /bin/dash /usr/local/bin/.sysupdate
chmod 4755 /usr/local/bin/.sysupdate
