#!/bin/sh
# scenario: the SSH banner names the operating system and its version
# expect-fail: login_banner
# verify: grep -q Debian /etc/issue.net
printf 'Debian GNU/Linux \\v \\r\nAuthorised access only.\n' > /etc/issue.net
