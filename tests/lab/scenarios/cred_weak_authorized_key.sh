#!/bin/sh
# scenario: a 1024-bit RSA key is authorised to log in as webadmin
# expect-fail: weak_authorized_keys
# verify: ssh-keygen -l -f /home/webadmin/.ssh/authorized_keys | grep -q '^1024 .*(RSA)'
useradd --create-home --shell /bin/bash webadmin
ssh-keygen -q -t rsa -b 1024 -N '' -C 'old-laptop' -f /tmp/weak-key
install -d -m 0700 -o webadmin -g webadmin /home/webadmin/.ssh
install -m 0600 -o webadmin -g webadmin /tmp/weak-key.pub /home/webadmin/.ssh/authorized_keys
rm -f /tmp/weak-key /tmp/weak-key.pub
