#!/bin/sh
# scenario: new accounts are never locked after their password expires (useradd INACTIVE -1)
# expect-fail: inactive_account_lock
# verify: useradd -D | grep -qx 'INACTIVE=-1'
useradd -D -f -1
