#!/bin/sh
# scenario: a "debugging" sysctl file exposes kernel pointers and allows ptrace of any process
# expect-fail: kernel_hardening
# verify: grep -q 'kptr_restrict = 0' /etc/sysctl.d/90-debug.conf
# The kernel is shared (read-only /proc/sys): the saved settings are what the check judges.
printf 'kernel.kptr_restrict = 0\nkernel.yama.ptrace_scope = 0\n' > /etc/sysctl.d/90-debug.conf
