#!/bin/sh
# scenario: /tmp is remounted without noexec (programs dropped there can be run)
# expect-fail: mount_options
# verify: findmnt -kn /tmp >/dev/null
# verify: ! findmnt -kn -o OPTIONS /tmp | tr , '\n' | grep -qx noexec
mount -o remount,exec /tmp
