#!/bin/sh
# scenario: a configuration file and an upload directory under /etc and /var are world-writable
# expect-fail: world_writable_files
# verify: test "$(stat -c %a /etc/lab-app.conf)" = 666
printf 'upload_dir=/var/lib/lab-app/upload\n' > /etc/lab-app.conf
chmod 0666 /etc/lab-app.conf
mkdir -p /var/lib/lab-app/upload
chmod 0777 /var/lib/lab-app/upload
