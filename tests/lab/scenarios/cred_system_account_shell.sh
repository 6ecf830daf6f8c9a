#!/bin/sh
# scenario: the service account www-data has a login shell
# expect-fail: system_accounts_shell
# verify: [ "$(getent passwd www-data | cut -d: -f7)" = /bin/bash ]
usermod --shell /bin/bash www-data
