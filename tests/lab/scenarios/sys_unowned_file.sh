#!/bin/sh
# scenario: an archive left by a removed account (UID and GID 4321 no longer exist)
# expect-fail: unowned_files
# verify: find /srv -xdev -nouser -name lab-export.tar | grep -q .
printf 'exported records\n' > /srv/lab-export.tar
chown 4321:4321 /srv/lab-export.tar
