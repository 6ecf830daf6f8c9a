#!/bin/sh
# scenario: a terminal user's Chromium and Firefox keep saved passwords
# role: terminal
# expect-fail: browser_saved_logins
# verify: test -f "$(getent passwd "$LAB_USER" | cut -d: -f6)/.config/chromium/Default/Login Data"
# Minimal stores with the columns the check reads; the "passwords" are dummies.
home=$(getent passwd "$LAB_USER" | cut -d: -f6)
group=$(id -gn "$LAB_USER")
mkdir -p "$home/.config/chromium/Default" "$home/.mozilla/firefox/lab.default-esr"
sqlite3 "$home/.config/chromium/Default/Login Data" <<'SQL'
CREATE TABLE logins (origin_url VARCHAR NOT NULL, username_value VARCHAR,
  password_value BLOB, blacklisted_by_user INTEGER NOT NULL DEFAULT 0);
INSERT INTO logins VALUES ('https://dichvucong.example.vn/', 'canbo.lab', X'00', 0);
SQL
printf '{"nextId":2,"logins":[{"id":1,"hostname":"https://portal.example.vn","encryptedUsername":"AA==","encryptedPassword":"AA=="}],"version":3}\n' \
    > "$home/.mozilla/firefox/lab.default-esr/logins.json"
chown -R "$LAB_USER:$group" "$home/.config" "$home/.mozilla"
