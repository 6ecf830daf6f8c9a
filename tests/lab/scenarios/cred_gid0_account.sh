#!/bin/sh
# scenario: a backup account has GID 0 (group root) as its primary group
# expect-fail: privileged_groups
# verify: [ "$(id -g opsbackup)" = 0 ]
useradd --system --gid 0 --no-create-home --shell /usr/sbin/nologin opsbackup
