#!/bin/sh
# scenario: login.defs lets a password be changed again at once (PASS_MIN_DAYS 0)
# expect-fail: password_min_age
# verify: grep -q '^PASS_MIN_DAYS[[:space:]]*0$' /etc/login.defs
sed -i 's/^PASS_MIN_DAYS[[:space:]].*/PASS_MIN_DAYS\t0/' /etc/login.defs
