#!/bin/sh
# scenario: /etc/shadow is readable by every user
# expect-fail: shadow_file_permissions
# verify: [ "$(stat -c %a /etc/shadow)" = 644 ]
chmod 0644 /etc/shadow
