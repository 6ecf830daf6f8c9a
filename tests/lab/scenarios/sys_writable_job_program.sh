#!/bin/sh
# scenario: a root cron job runs a script the users group may rewrite
# expect-fail: writable_scheduled_jobs
# verify: test "$(stat -c '%a %G' /usr/local/sbin/lab-backup)" = "775 users"
# The cron file itself is root's and 644, so cron_permissions still passes.
printf '#!/bin/sh\nexit 0\n' > /usr/local/sbin/lab-backup
chgrp users /usr/local/sbin/lab-backup
chmod 0775 /usr/local/sbin/lab-backup
printf '# nightly backup\n30 2 * * * root /usr/local/sbin/lab-backup >/dev/null 2>&1\n' \
  > /etc/cron.d/lab-backup
chmod 0644 /etc/cron.d/lab-backup
