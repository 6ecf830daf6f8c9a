#!/bin/sh
# Patching: unattended-upgrades refreshes the lists and installs security updates every day.
# Hosts have no systemd as init: apt's daily job is /etc/cron.daily/apt-compat.
set -eu

dpkg-query -W -f '${Status}\n' unattended-upgrades | grep -qx 'install ok installed'
cat > /etc/apt/apt.conf.d/20auto-upgrades <<'CONF'
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
CONF
apt-config dump | grep -q '^Unattended-Upgrade::Origins-Pattern:: ".*Debian-Security"'
[ -f /etc/cron.daily/apt-compat ]
