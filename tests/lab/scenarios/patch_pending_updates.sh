#!/bin/sh
# scenario: a non-security update is pending (a leaf package recorded at version 0 in dpkg status)
# expect-fail: pending_updates
# verify: apt-get -s -o Debug::NoLocking=1 dist-upgrade | grep -q '^Inst [^ ]* \[0\]'
# No download: lowering the recorded version makes the cached candidate an update. The package
# is one nothing depends on by version, whose candidate is not from the security suite.
status=/var/lib/dpkg/status
for pkg in less unzip sqlite3 netcat-openbsd logrotate cron; do
    dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || continue
    cp "$status" "$status.lab-orig"
    sed -i "/^Package: $pkg\$/,/^\$/ s/^Version: .*/Version: 0/" "$status"
    if sim=$(apt-get -s -o Debug::NoLocking=1 dist-upgrade 2>&1) \
        && [ "$(printf '%s\n' "$sim" | grep -c '^Inst ')" = 1 ] \
        && printf '%s\n' "$sim" | grep "^Inst $pkg \[0\]" | grep -qiv security; then
        rm -f "$status.lab-orig"
        exit 0
    fi
    mv "$status.lab-orig" "$status"
done
echo "no package could be made pending" >&2
exit 1
