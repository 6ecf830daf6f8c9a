#!/bin/sh
# Accounts: password ageing, inactivity lock, restrictive umask, shell timeout, root locked,
# home directories closed to others.
set -eu

set_def() {
    if grep -q "^$1[[:space:]]" /etc/login.defs; then
        sed -i "s/^$1[[:space:]].*/$1\t$2/" /etc/login.defs
    else
        printf '%s\t%s\n' "$1" "$2" >> /etc/login.defs
    fi
}
set_def PASS_MAX_DAYS 60
set_def PASS_MIN_DAYS 1
set_def PASS_WARN_AGE 7
set_def UMASK 027
# Same hashing method as the PAM stack (yescrypt on bookworm, SHA512 before).
if grep -q yescrypt /etc/pam.d/common-password; then
    set_def ENCRYPT_METHOD YESCRYPT
else
    set_def ENCRYPT_METHOD SHA512
fi

useradd -D -f 45

# Existing accounts with a password get the same ageing.
awk -F: '$2 !~ /^[!*]/ && $2 != "" { print $1 }' /etc/shadow | while read -r user; do
    chage --mindays 1 --maxdays 60 --warndays 7 --inactive 45 "$user"
done

passwd -l root

# Home directories of login accounts are closed to others (home_directories).
awk -F: '{ print $7 ":" $6 }' /etc/passwd | while IFS=: read -r shell home; do
    grep -qxF -- "$shell" /etc/shells || continue
    [ -d "$home" ] && [ "$home" != / ] && chmod g-w,o-rwx "$home"
done

cat > /etc/profile.d/10-timeout.sh <<'PROFILE'
# Log idle interactive shells out after 5 minutes (the administrators' limit; users' is 15).
TMOUT=300
readonly TMOUT
export TMOUT
PROFILE
cat > /etc/profile.d/10-umask.sh <<'PROFILE'
# Files are not readable by other users by default.
umask 027
PROFILE

# sudo: its own terminal, its own log, the password asked again after 15 minutes (sudo_settings).
cat > /etc/sudoers.d/10-lab-hardening <<'SUDO'
Defaults use_pty
Defaults logfile="/var/log/sudo.log"
Defaults timestamp_timeout=15
SUDO
chmod 0440 /etc/sudoers.d/10-lab-hardening
visudo -c -f /etc/sudoers.d/10-lab-hardening >/dev/null
