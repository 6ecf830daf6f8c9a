#!/bin/sh
# scenario: an account's primary group (GID 4242) is not in /etc/group
# expect-fail: passwd_integrity
# verify: [ "$(getent passwd labghost | cut -d: -f4)" = 4242 ] && ! getent group 4242
useradd --system --no-create-home --shell /usr/sbin/nologin --user-group labghost
sed -i 's/^\(labghost:x:[0-9]*:\)[0-9]*:/\14242:/' /etc/passwd
