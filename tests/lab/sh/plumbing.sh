#!/bin/sh
# Lab plumbing applied to every image before the baseline fragments (chrooted, no network).
# Env: LAB_USER (the audit account), LAB_RELEASE.
set -eu

# The audit account: key-only (password field "*": no password, not "locked" for sshd),
# passwordless sudo for the one command a scan runs, the facts script read by sh on its standard
# input (docs/security.md): nothing else. The lab installs its public key at boot.
if ! id "$LAB_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash --comment "auditor lab scanner" "$LAB_USER"
fi
usermod --password '*' "$LAB_USER"
printf '%s ALL=(root) NOPASSWD: /usr/bin/sh -s, /bin/sh -s\n' "$LAB_USER" > "/etc/sudoers.d/$LAB_USER"
chmod 0440 "/etc/sudoers.d/$LAB_USER"
visudo -c -f "/etc/sudoers.d/$LAB_USER"

# Hosts never resolve names over the network: /etc/hosts only (written at boot).
sed -i 's/^hosts:.*/hosts:          files/' /etc/nsswitch.conf
grep -q '^hosts: *files$' /etc/nsswitch.conf

# Every host gets its own SSH host keys at creation.
rm -f /etc/ssh/ssh_host_*

# Place for boot scripts (see tests/lab/sh/boot.sh).
mkdir -p /etc/auditor-lab/boot.d
