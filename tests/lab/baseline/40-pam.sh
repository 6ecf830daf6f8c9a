#!/bin/sh
# PAM: strong passwords (pwquality), password history, lockout after 5 failures (root too, for
# 12 hours), no nullok, su limited to the empty group sugroup.
set -eu

cat > /etc/security/pwquality.conf <<'CONF'
# auditor lab baseline
minlen = 14
minclass = 4
difok = 2
maxrepeat = 3
maxsequence = 3
dictcheck = 1
enforce_for_root
CONF

cat > /etc/security/faillock.conf <<'CONF'
# auditor lab baseline
deny = 5
unlock_time = 43200
fail_interval = 900
even_deny_root
root_unlock_time = 900
CONF

profiles=/usr/share/pam-configs
sed -i 's/pam_pwquality.so retry=3$/pam_pwquality.so retry=3 minlen=14 minclass=4/' \
    "$profiles/pwquality"
sed -i 's/pam_unix.so nullok/pam_unix.so/' "$profiles/unix"

cat > "$profiles/lab-faillock" <<'CONF'
Name: Lock accounts after repeated failures (count failures)
Default: yes
Priority: 0
Auth-Type: Primary
Auth:
	[default=die]	pam_faillock.so authfail deny=5 unlock_time=43200
CONF
cat > "$profiles/lab-faillock-check" <<'CONF'
Name: Lock accounts after repeated failures (check and reset)
Default: yes
Priority: 1024
Auth-Type: Primary
Auth:
	requisite	pam_faillock.so preauth deny=5 unlock_time=43200
Account-Type: Primary
Account:
	required	pam_faillock.so
CONF
cat > "$profiles/lab-pwhistory" <<'CONF'
Name: Refuse the last 10 passwords
Default: yes
Priority: 1000
Password-Type: Primary
Password:
	requisite	pam_pwhistory.so remember=10 enforce_for_root use_authtok
Password-Initial:
	requisite	pam_pwhistory.so remember=10 enforce_for_root
CONF

pam-auth-update --package --enable lab-faillock lab-faillock-check lab-pwhistory
grep -q 'pam_faillock.so preauth' /etc/pam.d/common-auth
grep -q 'pam_faillock.so authfail' /etc/pam.d/common-auth
grep -q 'pam_pwquality.so.*minlen=14 minclass=4' /etc/pam.d/common-password
grep -q 'pam_pwhistory.so remember=10' /etc/pam.d/common-password
if grep -q nullok /etc/pam.d/common-auth /etc/pam.d/common-account /etc/pam.d/common-password; then
    echo 'nullok left in the shared PAM stacks' >&2
    exit 1
fi

# su only for the members of an empty group: administrators use sudo.
groupadd --system sugroup
sed -i '/^auth[[:space:]]*sufficient[[:space:]]*pam_rootok.so/a auth       required   pam_wheel.so use_uid group=sugroup' \
    /etc/pam.d/su
grep -q '^auth       required   pam_wheel.so use_uid group=sugroup' /etc/pam.d/su
