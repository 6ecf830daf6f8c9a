#!/bin/sh
# Turn a copy of the baseline into the root of a lab virtual machine (chrooted, with network):
# a kernel, systemd as init, what unlocks an encrypted root at boot, and the guest plumbing.
# Env: LAB_GUEST_ADDRESS (CIDR), LAB_TIME_SERVER (the lab's NTP server as the guest sees it).
set -eu
lab=/etc/auditor-lab

apt-get -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install \
    linux-image-cloud-amd64 systemd-sysv udev kmod dbus initramfs-tools cryptsetup \
    cryptsetup-initramfs
apt-get -s upgrade | grep '^Inst ' && { echo "vm: image is not fully upgraded" >&2; exit 1; }

# Root file system by label (the encrypted image's fstab names its mapped device instead); /tmp
# a tmpfs of its own and /dev/shm (mounted by systemd, options applied by systemd-remount-fs)
# with nodev, nosuid and noexec, as CIS 1.1.2.1 and 1.1.2.2 ask.
cat > /etc/fstab <<'FSTAB'
LABEL=labroot / ext4 defaults,errors=remount-ro 0 1
tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime,mode=1777 0 0
tmpfs /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime 0 0
FSTAB

# Emulated guests booting side by side can take longer than systemd's default 90 s for udev
# to announce a device (the root's LUKS device, ttyS0).
mkdir -p /etc/systemd/system.conf.d
printf '[Manager]\nDefaultDeviceTimeoutSec=600\n' > /etc/systemd/system.conf.d/50-lab-emulation.conf

# One static address on the QEMU user network and no default route: the guest reaches the lab's
# machine (10.0.2.2 is its loopback) and nothing else.
mkdir -p /etc/systemd/network
cat > /etc/systemd/network/10-lab.network <<NET
[Match]
Name=en* eth*

[Network]
Address=$LAB_GUEST_ADDRESS
LinkLocalAddressing=no
IPv6AcceptRA=no
NET
systemctl enable systemd-networkd.service
systemctl mask systemd-networkd-wait-online.service

# The site's time server is the lab's NTP server on the machine's loopback.
sed -i "s/^server 127\.0\.0\.1 /server $LAB_TIME_SERVER /" /etc/chrony/chrony.conf
grep -q "^server $LAB_TIME_SERVER " /etc/chrony/chrony.conf

# As on the namespace hosts, nothing starts inetd or vsftpd (scenarios do). apt's timers stay
# enabled: without a route or a name server, their downloads fail at once.
systemctl disable inetd.service vsftpd.service

# The baseline's log hardening (20-logging) again, after this script's apt run, plus the log
# of a service only a booted machine runs.
install -d /var/log/unattended-upgrades
install -m 0640 -o root -g adm /dev/null \
    /var/log/unattended-upgrades/unattended-upgrades-shutdown.log
find /var/log -type f -exec chmod u-x,g-wx,o-rwx {} +

# Per-VM data (host name, keys, scenario) arrives through QEMU's fw_cfg; see seed.sh.
install -d "$lab/vm"
install -m 0755 /run/lab-vm/seed.sh "$lab/vm/seed.sh"
install -m 0755 /run/lab-vm/provision.sh "$lab/vm/provision.sh"
cat > /etc/systemd/system/auditor-lab-seed.service <<'UNIT'
[Unit]
Description=auditor lab: apply this VM's seed (host name, SSH keys, audit key)
DefaultDependencies=no
After=local-fs.target systemd-remount-fs.service
Before=ssh.service systemd-networkd.service sysinit.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/etc/auditor-lab/vm/seed.sh apply

[Install]
WantedBy=sysinit.target
UNIT
cat > /etc/systemd/system/auditor-lab-scenario.service <<'UNIT'
[Unit]
Description=auditor lab: apply this VM's scenario before SSH opens
Wants=network-online.target
After=auditor-lab-seed.service auditd.service rsyslog.service chrony.service systemd-networkd.service nftables.service
Before=ssh.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/etc/auditor-lab/vm/seed.sh scenario

[Install]
WantedBy=multi-user.target
UNIT
systemctl enable auditor-lab-seed.service auditor-lab-scenario.service
