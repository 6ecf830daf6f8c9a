#!/bin/sh
# scenario: a camera (a device, no login) serves its login page over plain HTTP on port 80
# role: device
# expect-fail: network_cleartext_services exposed_ports
# verify: ss -Htln "src $LAB_ADDRESS" | grep -q ":80 "
# The inventory lists the host under the unit's devices: the auditor judges it from the network
# scan alone and never logs in (its sshd, there for the lab itself, sees no authentication).
# python3's http.server stands in for the camera's web interface.
install -d -m 0755 /srv/camera
cat > /srv/camera/index.html <<'HTML'
<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Đăng nhập camera - Camera login</title></head>
<body>
<form method="post" action="/login">
<label>Tên đăng nhập <input name="user"></label>
<label>Mật khẩu <input name="password" type="password"></label>
<button>Đăng nhập</button>
</form>
</body>
</html>
HTML
chmod 0644 /srv/camera/index.html
cat > /etc/auditor-lab/boot.d/50-net_device_no_login.sh <<'BOOT'
#!/bin/sh
# Plain HTTP on LAB_ADDRESS:80 only, in the background.
/usr/bin/python3 -m http.server --bind "$LAB_ADDRESS" --directory /srv/camera 80 \
    </dev/null >/dev/null 2>&1 &
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_device_no_login.sh
