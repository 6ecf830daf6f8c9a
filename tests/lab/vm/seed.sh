#!/bin/sh
# A lab VM's boot-time set-up, from the tar archive QEMU passes as fw_cfg "opt/auditor-lab/seed".
#   seed.sh apply     host name, /etc/hosts, SSH host keys, the lab's key for the audit account
#   seed.sh scenario  run the scenario (sh -eu) with LAB_ADDRESS, LAB_HOSTNAME, LAB_USER set
set -eu
seed=/run/auditor-lab/seed

apply() {
    modprobe qemu_fw_cfg
    install -d -m 0700 "$seed"
    cat /sys/firmware/qemu_fw_cfg/by_name/opt/auditor-lab/seed/raw | tar -C "$seed" -xf -
    . "$seed/env"
    echo "$LAB_HOSTNAME" > /etc/hostname
    hostname "$LAB_HOSTNAME"
    printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n' "$LAB_HOSTNAME" > /etc/hosts
    for key in "$seed"/ssh_host_*_key; do
        install -m 0600 "$key" /etc/ssh/
        install -m 0644 "$key.pub" /etc/ssh/
    done
    home=$(getent passwd "$LAB_USER" | cut -d: -f6)
    group=$(id -gn "$LAB_USER")
    install -d -m 0700 -o "$LAB_USER" -g "$group" "$home/.ssh"
    install -m 0600 -o "$LAB_USER" -g "$group" "$seed/authorized_key" "$home/.ssh/authorized_keys"
}

scenario() {
    . "$seed/env"
    export LAB_ADDRESS LAB_HOSTNAME LAB_USER LAB_PORT
    if [ -f "$seed/scenario.sh" ]; then
        (cd / && /bin/sh -eu "$seed/scenario.sh")
    fi
}

"$1"
