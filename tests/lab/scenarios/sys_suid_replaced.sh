#!/bin/sh
# scenario: the set-uid chfn was replaced by a copy of a shell, an approved path with foreign content
# expect-fail: suid_files
# verify: cmp -s /bin/dash /usr/bin/chfn && test -u /usr/bin/chfn
cp /bin/dash /usr/bin/chfn
chmod 4755 /usr/bin/chfn
