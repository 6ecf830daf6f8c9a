#!/bin/sh
# scenario: auditd.conf does not set the size of the audit log files (max_log_file)
# expect-fail: audit_log_space
# verify: ! grep -q '^max_log_file[[:space:]]*=' /etc/audit/auditd.conf
sed -i '/^max_log_file[[:space:]]*=/d' /etc/audit/auditd.conf
