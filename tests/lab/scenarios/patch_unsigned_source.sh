#!/bin/sh
# scenario: a package source is trusted without signature checks ([trusted=yes])
# expect-fail: package_sources_signed
# verify: grep -q '^deb \[trusted=yes\]' /etc/apt/sources.list.d/lab-unsigned.list
# A local directory: nothing is fetched, the check only reads the source line.
mkdir -p /srv/lab-repo
cat > /etc/apt/sources.list.d/lab-unsigned.list <<'LIST'
deb [trusted=yes] file:/srv/lab-repo ./
LIST
