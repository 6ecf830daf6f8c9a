#!/bin/sh
# scenario: the facts script's output stops after 4 kB and the connection then hangs
# host: ok-with-errors
# timeout: 15
cat > /usr/local/bin/lab-hang-partway <<'WRAP'
#!/bin/sh
eval "$SSH_ORIGINAL_COMMAND" | head -c 4000
exec sleep 3600
WRAP
chmod 0755 /usr/local/bin/lab-hang-partway
sed -i 's|^|command="/usr/local/bin/lab-hang-partway" |' "/home/$LAB_USER/.ssh/authorized_keys"
