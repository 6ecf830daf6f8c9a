#!/bin/sh
# scenario: developer's SSH private key has no passphrase and is readable by everyone
# expect-fail: unprotected_private_keys
# verify: [ "$(stat -c %a /home/developer/.ssh/id_ed25519)" = 644 ]
useradd --create-home --shell /bin/bash developer
install -d -m 0700 -o developer -g developer /home/developer/.ssh
ssh-keygen -q -t ed25519 -N '' -C 'developer@build' -f /home/developer/.ssh/id_ed25519
chown developer:developer /home/developer/.ssh/id_ed25519 /home/developer/.ssh/id_ed25519.pub
chmod 0644 /home/developer/.ssh/id_ed25519
