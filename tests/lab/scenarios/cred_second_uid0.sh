#!/bin/sh
# scenario: a second account with UID 0 (toor)
# expect-fail: uid0_accounts
# verify: [ "$(id -u toor)" = 0 ]
useradd --non-unique --uid 0 --gid 0 --no-create-home --home-dir /root --shell /bin/bash toor
