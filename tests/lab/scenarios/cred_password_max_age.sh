#!/bin/sh
# scenario: login.defs lets passwords live forever (PASS_MAX_DAYS 99999)
# expect-fail: password_max_age
# verify: grep -q '^PASS_MAX_DAYS[[:space:]]*99999' /etc/login.defs
sed -i 's/^PASS_MAX_DAYS[[:space:]].*/PASS_MAX_DAYS\t99999/' /etc/login.defs
