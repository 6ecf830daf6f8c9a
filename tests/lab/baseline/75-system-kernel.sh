#!/bin/sh
# Kernel settings saved in the host's own configuration (kernel_hardening, core_dumps_restricted,
# ip_forwarding, usb_storage_disabled). The kernel is shared and read-only in the lab, so these
# files are never applied: the checks judge them (run them with check_running_state off).
set -eu

cat > /etc/sysctl.d/75-hardening.conf <<'CONF'
# auditor lab baseline
kernel.randomize_va_space = 2
kernel.kptr_restrict = 1
kernel.dmesg_restrict = 1
kernel.yama.ptrace_scope = 1
fs.protected_hardlinks = 1
fs.protected_symlinks = 1
fs.suid_dumpable = 0
net.ipv4.ip_forward = 0
net.ipv6.conf.all.forwarding = 0
CONF

mkdir -p /etc/security/limits.d
printf '# auditor lab baseline: no core dumps\n*\thard\tcore\t0\n' \
    > /etc/security/limits.d/75-core.conf

mkdir -p /etc/modprobe.d
printf '# auditor lab baseline: no USB mass storage\ninstall usb-storage /bin/false\nblacklist usb-storage\n' \
    > /etc/modprobe.d/75-usb-storage.conf
