#!/bin/sh
# scenario: nothing was installed or upgraded for 120 days (dpkg log holds one old entry)
# expect-fail: last_package_update
# verify: [ "$(grep -c . /var/log/dpkg.log)" = 1 ] && ! grep -q "^$(date +%Y-%m-%d)" /var/log/dpkg.log
old=$(date -d '120 days ago' '+%Y-%m-%d %H:%M:%S')
version=$(dpkg-query -W -f '${Version}' base-files)
rm -f /var/log/dpkg.log.*
printf '%s upgrade base-files:%s %s %s\n' "$old" "$(dpkg --print-architecture)" "$version" \
    "$version" > /var/log/dpkg.log
