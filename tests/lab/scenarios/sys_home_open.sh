#!/bin/sh
# scenario: a clerk's home directory is open to everyone (mode 755)
# expect-fail: home_directories
# verify: test "$(stat -c %a /home/canbo)" = 755
useradd --create-home --shell /bin/bash canbo
chmod 0755 /home/canbo
