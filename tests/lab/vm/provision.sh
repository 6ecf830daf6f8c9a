#!/bin/sh
# Build the encrypted lab disk. Runs as init (pid 1) of a one-off VM booted from the plain root
# image (read-only, /dev/vda) with a blank disk for the encrypted root (/dev/vdb) and a blank
# disk for the result (/dev/vdc): LUKS2 on vdb unlocked by a key file, the root copied into it,
# crypttab and fstab pointing at it, and an initramfs that unlocks it at boot, written to vdc as
# a tar archive. Prints LAB-PROVISION-OK or LAB-PROVISION-FAILED on the console, then powers off.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin DM_DISABLE_UDEV=1
finish() {
    status=$?
    [ "$status" -eq 0 ] && echo "LAB-PROVISION-OK" || echo "LAB-PROVISION-FAILED ($status)"
    sync
    echo o > /proc/sysrq-trigger
    sleep 60
}
trap finish EXIT

# The initramfs hands over /proc, /sys and /dev already mounted.
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
modprobe dm_crypt

key=/tmp/cryptroot.key
head -c 64 /dev/urandom > "$key"
# PBKDF2 with few iterations: the key is a random file, and a stronger KDF would cost minutes
# under emulation at every boot.
cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
    --label labcrypt --key-file "$key" /dev/vdb
cryptsetup open --key-file "$key" /dev/vdb cryptroot
mkfs.ext4 -q -L labroot /dev/mapper/cryptroot
mount /dev/mapper/cryptroot /mnt
cp -ax /. /mnt/

uuid=$(cryptsetup luksUUID /dev/vdb)
install -d -m 0700 /mnt/etc/cryptsetup-keys.d
install -m 0400 "$key" /mnt/etc/cryptsetup-keys.d/cryptroot.key
echo "cryptroot UUID=$uuid /etc/cryptsetup-keys.d/cryptroot.key luks,discard" > /mnt/etc/crypttab
# The plain image's fstab with the root on the unlocked device (its /tmp and /dev/shm lines kept).
sed 's|^LABEL=labroot / |/dev/mapper/cryptroot / |' /etc/fstab > /mnt/etc/fstab
grep -q '^/dev/mapper/cryptroot / ' /mnt/etc/fstab
echo 'KEYFILE_PATTERN="/etc/cryptsetup-keys.d/*.key"' >> /mnt/etc/cryptsetup-initramfs/conf-hook
# Only the modules this (virtual) hardware needs: a smaller initramfs, built and loaded faster.
sed -i 's/^MODULES=.*/MODULES=dep/' /mnt/etc/initramfs-tools/initramfs.conf
echo 'UMASK=0077' >> /mnt/etc/initramfs-tools/initramfs.conf

for fs in dev proc sys run; do mount --bind "/$fs" "/mnt/$fs"; done
chroot /mnt update-initramfs -u -k all
tar -C /mnt/boot -cf /dev/vdc "initrd.img-$(uname -r)"
for fs in run sys proc dev; do umount "/mnt/$fs"; done
umount /mnt
cryptsetup close cryptroot
