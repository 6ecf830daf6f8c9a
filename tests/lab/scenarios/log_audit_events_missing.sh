#!/bin/sh
# scenario: audit rules cover the identity files but none of the other events an investigation needs
# expect-fail: audit_event_rules
# verify: ! test -e /etc/audit/rules.d/51-lab-events.rules
rm -f /etc/audit/rules.d/51-lab-events.rules
