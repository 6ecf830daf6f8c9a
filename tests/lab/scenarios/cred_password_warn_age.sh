#!/bin/sh
# scenario: users are warned only 3 days before their password expires
# expect-fail: password_warn_age
# verify: grep -q '^PASS_WARN_AGE[[:space:]]*3$' /etc/login.defs
sed -i 's/^PASS_WARN_AGE[[:space:]].*/PASS_WARN_AGE\t3/' /etc/login.defs
