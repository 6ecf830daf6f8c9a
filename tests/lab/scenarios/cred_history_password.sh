#!/bin/sh
# scenario: an administrator typed a database password on the command line, and it stayed in root's history
# expect-fail: plaintext_secrets
# verify: grep -q -- '-pS3cr3t' /root/.bash_history
printf '%s\n' 'mysqldump -u backup -pS3cr3t citizens > /tmp/dump.sql' 'ls -la' >> /root/.bash_history
chmod 600 /root/.bash_history
