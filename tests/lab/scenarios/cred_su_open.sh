#!/bin/sh
# scenario: an administrator was added to sugroup, the group pam_wheel limits su to
# expect-fail: su_restricted
# verify: getent group sugroup | grep -q ':quantri$'
useradd --create-home --shell /bin/bash quantri
usermod -a -G sugroup quantri
