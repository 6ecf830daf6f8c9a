#!/bin/sh
# scenario: root's authorized_keys holds an intruder's key with a forced command, a back door
# expect-fail: authorized_keys_backdoors
# verify: grep -q '^no-pty,command="/usr/local/bin/.sysd" ' /root/.ssh/authorized_keys
# root may not log in over SSH on the baseline (PermitRootLogin no); the key is what is judged.
install -d -m 700 /root/.ssh
printf '%s\n' 'no-pty,command="/usr/local/bin/.sysd" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF0XYy84Nti6Ea79taXi+cUwYKy2gscghsSP2GMlfuv2 intruder@c2' >> /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
