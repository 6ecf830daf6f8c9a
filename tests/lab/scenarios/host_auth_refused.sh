#!/bin/sh
# scenario: the audit account's authorized key was replaced by another one
# host: auth_failed
ssh-keygen -q -t ed25519 -N '' -C other -f /root/other_key
cp /root/other_key.pub "/home/$LAB_USER/.ssh/authorized_keys"
rm -f /root/other_key /root/other_key.pub
