#!/bin/sh
# scenario: root's .profile adds a tools directory owned by the audit account to root's PATH
# expect-fail: root_environment
# verify: [ "$(stat -c %U /opt/lab-tools)" != root ] && grep -q lab-tools /root/.profile
install -d -m 0755 -o "$LAB_USER" /opt/lab-tools
printf 'PATH="$PATH:/opt/lab-tools"\n' >> /root/.profile
