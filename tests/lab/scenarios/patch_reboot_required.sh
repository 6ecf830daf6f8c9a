#!/bin/sh
# scenario: a package update asks for a reboot (/var/run/reboot-required is present)
# expect-fail: reboot_required
# verify: test -f /var/run/reboot-required
# /run is a fresh tmpfs at boot: the flag is written by a boot script.
cat > /etc/auditor-lab/boot.d/05-lab-reboot-flag.sh <<'BOOT'
#!/bin/sh
# What a package's postinst leaves after an update that needs a reboot.
echo '*** System restart required ***' > /run/reboot-required
echo libc6 > /run/reboot-required.pkgs
BOOT
chmod 0755 /etc/auditor-lab/boot.d/05-lab-reboot-flag.sh
