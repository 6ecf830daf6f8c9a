#!/bin/sh
# scenario: the package lists were last refreshed 60 days ago
# expect-fail: package_lists_fresh
# verify: [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Release' -mtime -30)" ]
set -- /var/lib/apt/lists/*Release
[ -f "$1" ] || { echo "no cached package lists in the image" >&2; exit 1; }
touch -d '60 days ago' "$@"
