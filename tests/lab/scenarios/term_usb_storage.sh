#!/bin/sh
# scenario: a terminal whose USB mass-storage module is not disabled
# role: terminal
# expect-fail: usb_storage_disabled
# verify: ! grep -rqs 'usb-storage' /etc/modprobe.d
rm -f /etc/modprobe.d/75-usb-storage.conf
