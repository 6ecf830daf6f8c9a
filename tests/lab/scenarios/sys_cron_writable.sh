#!/bin/sh
# scenario: a root cron job file is writable by everyone
# expect-fail: cron_permissions
# verify: test "$(stat -c %a /etc/cron.d/lab-backup)" = 666
printf '# nightly backup\n30 2 * * * root /bin/true\n' > /etc/cron.d/lab-backup
chmod 0666 /etc/cron.d/lab-backup
