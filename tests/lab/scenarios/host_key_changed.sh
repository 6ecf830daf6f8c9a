#!/bin/sh
# scenario: the host's SSH keys changed since they were recorded in known_hosts
# host: error
rm -f /etc/ssh/ssh_host_*
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
