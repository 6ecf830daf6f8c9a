#!/bin/sh
# scenario: the audit rules are not locked (no -e 2): root can change or delete them at run time
# expect-fail: audit_rules
# verify: ! grep -rqs -- '^-e 2' /etc/audit/rules.d
rm -f /etc/audit/rules.d/99-finalize.rules
