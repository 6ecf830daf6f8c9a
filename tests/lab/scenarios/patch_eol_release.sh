#!/bin/sh
# scenario: the baseline on Debian 11 bullseye, whose support has ended
# release: bullseye
# expect-fail: os_end_of_life
# verify: grep -q '^VERSION_CODENAME=bullseye' /etc/os-release
true
