#!/bin/sh
# scenario: a library no package ships is preloaded into every program (a user-mode rootkit's trick)
# expect-fail: preloaded_libraries
# verify: grep -q /usr/local/lib/libaudit-helper.so /etc/ld.so.preload
# The library is a copy of glibc's libpthread stub, which exports nothing: preloading it changes
# nothing in the programs, so sshd and the audit run as on the baseline.
mkdir -p /usr/local/lib
cp /lib/x86_64-linux-gnu/libpthread.so.0 /usr/local/lib/libaudit-helper.so
printf '/usr/local/lib/libaudit-helper.so\n' > /etc/ld.so.preload
