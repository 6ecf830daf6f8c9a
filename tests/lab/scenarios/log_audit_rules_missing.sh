#!/bin/sh
# scenario: no audit rule watches the identity files, sudoers, sshd_config, sudo or su
# expect-fail: audit_rules
# verify: ! grep -rqs -e '/etc/shadow' -e 'sudo' /etc/audit/rules.d
rm -f /etc/audit/rules.d/50-lab-identity.rules
