#!/bin/sh
# scenario: a terminal with autofs enabled at boot
# role: terminal
# expect-fail: automount_disabled
# verify: test -e /etc/systemd/system/multi-user.target.wants/autofs.service
mkdir -p /etc/systemd/system/multi-user.target.wants
ln -sf /lib/systemd/system/autofs.service \
    /etc/systemd/system/multi-user.target.wants/autofs.service
