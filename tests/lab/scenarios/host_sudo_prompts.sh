#!/bin/sh
# scenario: a sudo earlier on the audit login's PATH ignores -n, prompts for a password and waits
# host: ok-without-root
# timeout: 15
install -d /usr/local/lab-fake
cat > /usr/local/lab-fake/sudo <<'FAKE'
#!/bin/sh
printf '[sudo] password for %s: ' "$(id -un)" >&2
exec sleep 3600
FAKE
cat > /usr/local/bin/lab-fake-sudo <<'WRAP'
#!/bin/sh
PATH=/usr/local/lab-fake:$PATH
export PATH
eval "$SSH_ORIGINAL_COMMAND"
WRAP
chmod 0755 /usr/local/lab-fake/sudo /usr/local/bin/lab-fake-sudo
sed -i 's|^|command="/usr/local/bin/lab-fake-sudo" |' "/home/$LAB_USER/.ssh/authorized_keys"
