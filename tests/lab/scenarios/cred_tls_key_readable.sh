#!/bin/sh
# scenario: a web server's TLS private key is readable by every user
# expect-fail: service_private_keys
# verify: test "$(stat -c %a /etc/ssl/private/web.key)" = 644
mkdir -p /etc/ssl/private
chmod 700 /etc/ssl/private
printf '%s\n' '-----BEGIN PRIVATE KEY-----' 'lab placeholder, not a key' \
    '-----END PRIVATE KEY-----' > /etc/ssl/private/web.key
chmod 644 /etc/ssl/private/web.key
