#!/bin/sh
# scenario: the hardened baseline itself, nothing changed
# expect-fail:
# verify: sshd -T | grep -qx 'permitrootlogin no'
# verify: pgrep -x rsyslogd
# verify: pgrep -x chronyd
true
