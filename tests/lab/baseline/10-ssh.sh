#!/bin/sh
# SSH daemon: key-only, no root login, verbose logging, few auth tries, idle timeout, banner,
# no forwarding, few sessions and startups (ssh_hardened_settings), logins only for the members
# of the group sshlogin (ssh_access_lists): the audit account.
# The drop-in is read before the rest of sshd_config (first value wins), so it rules.
set -eu

cat > /etc/issue.net <<'BANNER'
Authorised access only. Activity on this system is logged and monitored.
BANNER
cp /etc/issue.net /etc/issue

groupadd --system --force sshlogin
usermod --append --groups sshlogin "$LAB_USER"

cat > /etc/ssh/sshd_config.d/10-hardening.conf <<'CONF'
# auditor lab baseline
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitEmptyPasswords no
PubkeyAuthentication yes
HostbasedAuthentication no
IgnoreRhosts yes
LogLevel VERBOSE
MaxAuthTries 4
LoginGraceTime 60
ClientAliveInterval 300
ClientAliveCountMax 1
X11Forwarding no
AllowTcpForwarding no
DisableForwarding yes
PermitUserEnvironment no
MaxSessions 10
MaxStartups 10:30:60
Banner /etc/issue.net
AllowGroups sshlogin
CONF
chmod 0600 /etc/ssh/sshd_config.d/10-hardening.conf
chmod 0600 /etc/ssh/sshd_config
