#!/bin/sh
# scenario: three seconds into the audit every process of the host but its init is killed
# host: error
# timeout: 30
cat > /usr/local/bin/lab-vanish <<'VANISH'
#!/bin/sh
(sleep 3; echo 'kill -9 -1' | sudo -n sh -s) >/dev/null 2>&1 </dev/null &
eval "$SSH_ORIGINAL_COMMAND"
VANISH
chmod 0755 /usr/local/bin/lab-vanish
sed -i 's|^|command="/usr/local/bin/lab-vanish" |' "/home/$LAB_USER/.ssh/authorized_keys"
