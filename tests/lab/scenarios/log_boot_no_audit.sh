#!/bin/sh
# scenario: the next boot's GRUB command line turns kernel auditing off (a later audit=0 wins)
# expect-fail: audit_boot_parameters
# verify: grep -q 'audit=0' /etc/default/grub.d/99-lab-audit-off.cfg
cat > /etc/default/grub.d/99-lab-audit-off.cfg <<'CFG'
GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX audit=0"
CFG
