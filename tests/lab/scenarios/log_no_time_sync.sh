#!/bin/sh
# scenario: no time synchronisation daemon runs (chronyd is not started at boot)
# expect-fail: time_synchronised
# verify: ! pgrep -x chronyd
rm -f /etc/auditor-lab/boot.d/20-chrony.sh
