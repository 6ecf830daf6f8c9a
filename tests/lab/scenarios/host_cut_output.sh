#!/bin/sh
# scenario: the facts script's output is cut after 20 kB and the command ends
# host: ok-with-errors
# timeout: 30
cat > /usr/local/bin/lab-cut-output <<'WRAP'
#!/bin/sh
eval "$SSH_ORIGINAL_COMMAND" | head -c 20000
WRAP
chmod 0755 /usr/local/bin/lab-cut-output
sed -i 's|^|command="/usr/local/bin/lab-cut-output" |' "/home/$LAB_USER/.ssh/authorized_keys"
