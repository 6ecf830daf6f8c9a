#!/bin/sh
# Boot a lab host (inside its namespaces, chrooted in its root): mount /proc, /sys, /dev,
# /dev/shm, /run, /tmp; name the host; install the audit key; apply the scenario; run
# boot.d/*.sh; then become sshd on LAB_ADDRESS:LAB_PORT.
# Env: LAB_ADDRESS LAB_HOSTNAME LAB_USER LAB_PORT (exported to scenario and boot.d scripts).
set -eu
export LAB_ADDRESS LAB_HOSTNAME LAB_USER LAB_PORT
lab=/etc/auditor-lab
say() { echo "boot[$LAB_HOSTNAME]: $*"; }

mount -t proc -o nosuid,nodev,noexec proc /proc
# The kernel is shared: its settings are read-only from a host.
for path in /proc/sys /proc/sysrq-trigger; do
    [ -e "$path" ] || continue
    mount --bind "$path" "$path"
    mount -o remount,bind,ro "$path"
done
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys

. "$lab/devices.sh"
lab_populate_dev /dev
# /dev/shm and /tmp: file systems of their own, nodev, nosuid and noexec (CIS 1.1.2.1, 1.1.2.2).
mount -t tmpfs -o mode=1777,nosuid,nodev,noexec lab-shm /dev/shm

mount -t tmpfs -o mode=0755,nosuid,nodev lab-run /run
mount -t tmpfs -o mode=1777,nosuid,nodev,noexec lab-tmp /tmp
mkdir -p /run/lock /run/sshd
install -m 0664 -g utmp /dev/null /run/utmp

echo "$LAB_HOSTNAME" > /etc/hostname
cat > /etc/hosts <<HOSTS
127.0.0.1	localhost
$LAB_ADDRESS	$LAB_HOSTNAME
HOSTS

home=$(getent passwd "$LAB_USER" | cut -d: -f6)
group=$(id -gn "$LAB_USER")
install -d -m 0700 -o "$LAB_USER" -g "$group" "$home/.ssh"
install -m 0600 -o "$LAB_USER" -g "$group" "$lab/authorized_key" "$home/.ssh/authorized_keys"

if [ -f "$lab/scenario.sh" ]; then
    say "scenario"
    (cd / && /bin/sh -eu "$lab/scenario.sh")
fi

for script in "$lab"/boot.d/*.sh; do
    [ -x "$script" ] || continue
    say "$script"
    "$script" </dev/null
done

set -- -o "ListenAddress=$LAB_ADDRESS" -p "$LAB_PORT"
/usr/sbin/sshd -t "$@"
say "sshd on $LAB_ADDRESS:$LAB_PORT"
if [ -n "${LAB_SSHD_STDERR:-}" ]; then
    set -- "$@" -e
fi
exec /usr/sbin/sshd -D "$@" </dev/null
