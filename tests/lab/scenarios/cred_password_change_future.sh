#!/bin/sh
# scenario: a service account's last password change is dated 2099-12-31
# expect-fail: password_change_dates
# verify: [ "$(getent shadow labsvc | cut -d: -f3)" -gt "$(($(date +%s) / 86400))" ]
useradd --system --no-create-home --shell /usr/sbin/nologin labsvc
chage --lastday 2099-12-31 labsvc
