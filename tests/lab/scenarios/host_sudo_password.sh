#!/bin/sh
# scenario: the audit account lost its sudo rule: sudo -n asks for a password and gives up
# host: ok-without-root
rm -f "/etc/sudoers.d/$LAB_USER"
