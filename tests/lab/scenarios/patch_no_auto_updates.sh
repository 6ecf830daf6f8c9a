#!/bin/sh
# scenario: automatic updates are switched off (APT::Periodic::Unattended-Upgrade "0")
# expect-fail: automatic_security_updates
# verify: apt-config dump | grep -qx 'APT::Periodic::Unattended-Upgrade "0";'
cat > /etc/apt/apt.conf.d/99lab-no-unattended <<'CONF'
APT::Periodic::Unattended-Upgrade "0";
CONF
