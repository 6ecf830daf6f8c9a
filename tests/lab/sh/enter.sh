#!/bin/sh
# Enter a lab host (controller side, already inside the host's new pid/mount/uts/ipc
# namespaces): mount its overlay root, copy in its seed, drop a few capabilities that could
# touch the shared kernel, then chroot into /etc/auditor-lab/boot.sh.
# Usage: enter.sh RUN_DIR LOWER_DIR   (env: LAB_ADDRESS LAB_HOSTNAME LAB_USER LAB_PORT)
set -eu
run=$1 lower=$2
root=$run/root
seed=$run/seed

mount -t overlay lab-root -o "lowerdir=$lower,upperdir=$run/upper,workdir=$run/work" "$root"
hostname "$LAB_HOSTNAME"

install -d -m 0755 "$root/etc/auditor-lab"
install -m 0755 "$seed/boot.sh" "$root/etc/auditor-lab/boot.sh"
install -m 0644 "$seed/devices.sh" "$root/etc/auditor-lab/devices.sh"
install -m 0644 "$seed/authorized_key" "$root/etc/auditor-lab/authorized_key"
if [ -f "$seed/scenario.sh" ]; then
    install -m 0700 "$seed/scenario.sh" "$root/etc/auditor-lab/scenario.sh"
fi
for key in "$seed"/ssh_host_*_key; do
    install -m 0600 "$key" "$root/etc/ssh/"
    install -m 0644 "$key.pub" "$root/etc/ssh/"
done

exec setpriv --bounding-set -sys_time,-sys_module,-sys_boot,-wake_alarm \
    chroot "$root" /bin/sh /etc/auditor-lab/boot.sh
