#!/bin/sh
# Logging: audit rules on identity and privilege files, sudo's log and on sudo/su, and on the
# events an investigation needs, locked until reboot (-e 2); auditd keeps its logs and reacts
# when space runs low; the kernel audits from boot (audit=1, audit_backlog_limit) in the saved
# GRUB configuration (the VM's -append carries the same parameters: tests/lab/vm_host.py).
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
set_conf max_log_file 8
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
## sudo's own log (Defaults logfile, baseline/30-accounts.sh)
-w /var/log/sudo.log -p wa -k sudo_log_file
## use of privileged commands by logged-in users
-a always,exit -F path=/usr/bin/sudo -F perm=x -F auid>=1000 -F auid!=unset -k privileged
-a always,exit -F path=/usr/bin/su -F perm=x -F auid>=1000 -F auid!=unset -k privileged
RULES
chmod 0640 /etc/audit/rules.d/50-lab-identity.rules

cat > /etc/audit/rules.d/51-lab-events.rules <<'RULES'
## auditor lab baseline: the events an investigation needs (audit_event_rules)
-a always,exit -F arch=b64 -C euid!=uid -F auid!=unset -S execve -k user_emulation
-a always,exit -F arch=b32 -C euid!=uid -F auid!=unset -S execve -k user_emulation
-a always,exit -F arch=b64 -S adjtimex,settimeofday,clock_settime -k time-change
-a always,exit -F arch=b32 -S adjtimex,settimeofday,clock_settime -k time-change
-w /etc/localtime -p wa -k time-change
-a always,exit -F arch=b64 -S sethostname,setdomainname -k system-locale
-a always,exit -F arch=b32 -S sethostname,setdomainname -k system-locale
-w /etc/issue -p wa -k system-locale
-w /etc/issue.net -p wa -k system-locale
-w /etc/hosts -p wa -k system-locale
-w /etc/networks -p wa -k system-locale
-w /etc/network -p wa -k system-locale
-a always,exit -F arch=b64 -S creat,open,openat,truncate,ftruncate -F exit=-EACCES -F auid>=1000 -F auid!=unset -k access
-a always,exit -F arch=b64 -S creat,open,openat,truncate,ftruncate -F exit=-EPERM -F auid>=1000 -F auid!=unset -k access
-a always,exit -F arch=b64 -S chmod,fchmod,fchmodat,chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -k perm_mod
-a always,exit -F arch=b64 -S setxattr,lsetxattr,fsetxattr,removexattr,lremovexattr,fremovexattr -F auid>=1000 -F auid!=unset -k perm_mod
-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -k mounts
-w /var/run/utmp -p wa -k session
-w /var/log/wtmp -p wa -k session
-w /var/log/btmp -p wa -k session
-w /var/log/lastlog -p wa -k logins
-w /var/run/faillock -p wa -k logins
-a always,exit -F arch=b64 -S unlink,unlinkat,rename,renameat -F auid>=1000 -F auid!=unset -k delete
-w /etc/apparmor -p wa -k MAC-policy
-w /etc/apparmor.d -p wa -k MAC-policy
-a always,exit -F path=/usr/bin/chcon -F perm=x -F auid>=1000 -F auid!=unset -k perm_chng
-a always,exit -F path=/usr/bin/setfacl -F perm=x -F auid>=1000 -F auid!=unset -k perm_chng
-a always,exit -F path=/usr/bin/chacl -F perm=x -F auid>=1000 -F auid!=unset -k perm_chng
-a always,exit -F path=/usr/sbin/usermod -F perm=x -F auid>=1000 -F auid!=unset -k usermod
-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -k kernel_modules
-a always,exit -F path=/usr/bin/kmod -F perm=x -F auid>=1000 -F auid!=unset -k kernel_modules
RULES
chmod 0640 /etc/audit/rules.d/51-lab-events.rules

# Locked until reboot: no rule can be changed or removed while the system runs.
printf '## auditor lab baseline: lock the audit configuration\n-e 2\n' \
    > /etc/audit/rules.d/99-finalize.rules
chmod 0640 /etc/audit/rules.d/99-finalize.rules

# Audit from boot with a backlog for the events before auditd starts (next boot's GRUB line; no
# GRUB is installed, the file is what update-grub would read).
mkdir -p /etc/default/grub.d
cat > /etc/default/grub.d/60-lab-audit.cfg <<'CFG'
# auditor lab baseline: audit from boot
GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX audit=1 audit_backlog_limit=8192"
CFG
