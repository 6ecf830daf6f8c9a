#!/bin/sh
# autofs is installed for term_automount.sh; the baseline keeps it off at boot
# (automount_disabled).
set -eu

rm -f /etc/systemd/system/*.wants/autofs.service
