#!/bin/sh
# scenario: the hardened baseline in the terminal role (the reference for terminal-only checks)
# role: terminal
# verify: sshd -T | grep -qx 'permitrootlogin no'
true
