#!/bin/sh
# scenario: account legacy, migrated from an old server, keeps an MD5-crypt password hash
# expect-fail: password_hashing_algorithm
# verify: grep -q '^legacy:\$1\$' /etc/shadow
useradd --create-home --shell /bin/bash legacy
# MD5-crypt hash of a password that is in no common-password list.
usermod --password '$1$q8Xv2mLk$16Z6YQfxUscu0NJYv4RAg1' legacy
