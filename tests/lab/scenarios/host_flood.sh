#!/bin/sh
# scenario: the audit login answers every command with 100 MB of output
# host: error
# timeout: 30
cat > /usr/local/bin/lab-flood <<'WRAP'
#!/bin/sh
head -c 104857600 /dev/zero | tr '\000' x
WRAP
chmod 0755 /usr/local/bin/lab-flood
sed -i 's|^|command="/usr/local/bin/lab-flood" |' "/home/$LAB_USER/.ssh/authorized_keys"
