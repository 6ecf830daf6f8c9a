#!/bin/sh
# Logging: audit rules on identity and privilege files and on sudo/su; auditd keeps its logs
# and reacts when space runs low.
# auditd is NOT started: a lab host shares the build machine's kernel, whose audit subsystem
# is global, and a daemon in a child pid namespace may not register with it. auditd_running
# therefore fails on every lab host; audit_rules reads the rule files instead.
set -eu

conf=/etc/audit/auditd.conf
set_conf() {
    if grep -q "^$1[[:space:]]*=" "$conf"; then
        sed -i "s|^$1[[:space:]]*=.*|$1 = $2|" "$conf"
    else
        printf '%s = %s\n' "$1" "$2" >> "$conf"
    fi
}
set_conf max_log_file_action keep_logs
set_conf space_left_action email
set_conf action_mail_acct root
set_conf admin_space_left_action single
set_conf disk_full_action single
set_conf disk_error_action syslog

cat > /etc/audit/rules.d/50-lab-identity.rules <<'RULES'
## auditor lab baseline: identity, privilege and SSH configuration changes
-w /etc/passwd -p wa -k identity
-w /etc/shadow -p wa -k identity
-w /etc/group -p wa -k identity
-w /etc/gshadow -p wa -k identity
-w /etc/sudoers -p wa -k scope
-w /etc/sudoers.d -p wa -k scope
-w /etc/ssh/sshd_config -p wa -k sshd
## use of privileged commands by logged-in users
-a always,exit -F path=/usr/bin/sudo -F perm=x -F auid>=1000 -F auid!=unset -k privileged
-a always,exit -F path=/usr/bin/su -F perm=x -F auid>=1000 -F auid!=unset -k privileged
RULES
chmod 0640 /etc/audit/rules.d/50-lab-identity.rules
