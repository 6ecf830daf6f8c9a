#!/bin/sh
# scenario: once the audit's command has printed its first line, every process of the host but its init is killed
# host: error
# timeout: 30
# The kill follows the command's first output line, not a delay: a facts script that ends within
# the delay would leave the host audited.
cat > /usr/local/bin/lab-vanish <<'VANISH'
#!/bin/sh
eval "$SSH_ORIGINAL_COMMAND" | {
  IFS= read -r first && printf '%s\n' "$first"
  echo 'kill -9 -1' | sudo -n sh -s >/dev/null 2>&1
  cat
}
VANISH
chmod 0755 /usr/local/bin/lab-vanish
sed -i 's|^|command="/usr/local/bin/lab-vanish" |' "/home/$LAB_USER/.ssh/authorized_keys"
