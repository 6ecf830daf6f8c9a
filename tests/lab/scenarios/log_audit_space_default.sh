#!/bin/sh
# scenario: auditd rotates away old logs and suspends logging when the disk is full
# expect-fail: audit_log_space
# verify: grep -qx 'disk_full_action = SUSPEND' /etc/audit/auditd.conf
sed -i -e 's/^max_log_file_action = .*/max_log_file_action = ROTATE/' \
    -e 's/^admin_space_left_action = .*/admin_space_left_action = SUSPEND/' \
    -e 's/^disk_full_action = .*/disk_full_action = SUSPEND/' /etc/audit/auditd.conf
