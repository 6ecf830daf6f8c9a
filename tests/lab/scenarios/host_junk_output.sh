#!/bin/sh
# scenario: the audit login prints invalid UTF-8, terminal escapes and HTML before each command
# host: audited
cat > /usr/local/bin/lab-junk <<'JUNK'
#!/bin/sh
printf '\377\376\033]0;pwned\007\033[2J<script>alert(1)</script>\n'
printf '\377\033[31m<b>[/]bold\n' >&2
eval "$SSH_ORIGINAL_COMMAND"
JUNK
chmod 0755 /usr/local/bin/lab-junk
sed -i 's|^|command="/usr/local/bin/lab-junk" |' "/home/$LAB_USER/.ssh/authorized_keys"
