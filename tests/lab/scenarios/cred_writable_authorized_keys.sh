#!/bin/sh
# scenario: ops's authorized_keys is writable by its group (anyone in it can add a key)
# expect-fail: authorized_keys_permissions
# verify: [ "$(stat -c %a /home/ops/.ssh/authorized_keys)" = 664 ]
useradd --create-home --shell /bin/bash ops
ssh-keygen -q -t ed25519 -N '' -C 'ops@workstation' -f /tmp/ops-key
install -d -m 0700 -o ops -g ops /home/ops/.ssh
install -m 0664 -o ops -g ops /tmp/ops-key.pub /home/ops/.ssh/authorized_keys
rm -f /tmp/ops-key /tmp/ops-key.pub
