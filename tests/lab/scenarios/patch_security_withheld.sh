#!/bin/sh
# scenario: a security update is available but not installed (older release .deb put back)
# expect-fail: pending_security_updates
# verify: apt-get -s upgrade | grep '^Inst ' | grep -q -- '-security'
dir=/var/cache/auditor-lab/withheld
set -- "$dir"/*.deb
[ -f "$1" ] || { echo "no withheld .deb in $dir: rebuild the lab cache" >&2; exit 1; }
dpkg -i "$@"
read -r name old _ < "$dir/package"
[ "$(dpkg-query -W -f '${Version}' "$name")" = "$old" ]
