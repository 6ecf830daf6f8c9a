#!/bin/sh
# scenario: auditd disabled and stopped on a machine that can run it
# machine: vm
# expect-fail: auditd_running
# verify: ! pidof auditd
# verify: ! systemctl is-enabled --quiet auditd.service
systemctl disable auditd.service
systemctl kill auditd.service
for _ in 1 2 3 4 5 6 7 8 9 10; do
    pidof auditd >/dev/null || exit 0
    sleep 1
done
echo "auditd still running" >&2
exit 1
