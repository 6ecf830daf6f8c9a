#!/bin/sh
# scenario: the host is configured to forward IPv4 packets although it is not a router
# expect-fail: ip_forwarding
# verify: grep -q '^net.ipv4.ip_forward *= *1' /etc/sysctl.d/80-forward.conf
# The kernel is shared (read-only /proc/sys): the saved setting is what the check judges.
printf 'net.ipv4.ip_forward = 1\n' > /etc/sysctl.d/80-forward.conf
