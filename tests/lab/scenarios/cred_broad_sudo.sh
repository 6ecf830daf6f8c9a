#!/bin/sh
# scenario: user opsuser may run anything as root through a personal sudo rule (with password)
# expect-fail: sudo_broad_rules
# verify: sudo -l -U opsuser | grep -q '(ALL : ALL) ALL'
useradd --create-home --shell /bin/bash opsuser
echo 'opsuser ALL=(ALL:ALL) ALL' > /etc/sudoers.d/opsuser
chmod 0440 /etc/sudoers.d/opsuser
visudo -c -f /etc/sudoers.d/opsuser
