#!/bin/sh
# scenario: every user can rewrite an audit rules file and read the audit log directory
# expect-fail: audit_file_permissions
# verify: test "$(stat -c %a /etc/audit/rules.d/51-lab-events.rules)" = 666
chmod 666 /etc/audit/rules.d/51-lab-events.rules
chmod 755 /var/log/audit
