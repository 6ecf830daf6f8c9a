#!/bin/sh
# scenario: an account has an empty password
# expect-fail: empty_passwords
# verify: awk -F: '$1 == "guest" && $2 == "" { found = 1 } END { exit !found }' /etc/shadow
useradd --create-home --shell /bin/bash guest
passwd -d guest
