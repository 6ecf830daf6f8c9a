#!/bin/sh
# scenario: the audit login hangs without a word: every command it is given sleeps
# host: error
# timeout: 15
sed -i 's/^/command="sleep 3600" /' "/home/$LAB_USER/.ssh/authorized_keys"
