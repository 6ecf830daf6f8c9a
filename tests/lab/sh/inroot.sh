#!/bin/sh
# Run a command chrooted into an image at build time.
# Usage: inroot.sh ROOT [--bind SRC DST | --ro-bind SRC DST]... -- COMMAND [ARG]...
# Must run in private mount and pid namespaces (see tests/lab/chroot.py): every mount made
# here vanishes with them.
set -eu
here=$(dirname "$0")
. "$here/devices.sh"

root=$1
shift
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
lab_populate_dev "$root/dev"
mount -t tmpfs -o mode=0755,nosuid,nodev lab-run "$root/run"
mount -t tmpfs -o mode=1777,nosuid,nodev lab-tmp "$root/tmp"

while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
    kind=$1 src=$2 dst=$3
    shift 3
    mkdir -p "$root$dst"
    mount --bind "$src" "$root$dst"
    if [ "$kind" = "--ro-bind" ]; then
        mount -o remount,bind,ro "$root$dst"
    fi
done
shift
exec chroot "$root" "$@"
