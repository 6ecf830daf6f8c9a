#!/bin/sh
# scenario: a later limits.d file allows unlimited core dumps for everyone
# expect-fail: core_dumps_restricted
# verify: grep -q 'core[[:space:]]*unlimited' /etc/security/limits.d/90-developers.conf
printf '*\thard\tcore\tunlimited\n*\tsoft\tcore\tunlimited\n' \
    > /etc/security/limits.d/90-developers.conf
