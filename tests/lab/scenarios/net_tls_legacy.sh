#!/bin/sh
# scenario: HTTPS on port 443 accepts TLS 1.0 and 1.1 and weak suites, with an expired self-signed certificate
# expect-fail: network_tls_protocols network_tls_certificates exposed_ports listening_services
# verify: ss -Htln "src $LAB_ADDRESS" | grep -q ":443 "
# verify: ! openssl x509 -checkend 0 -noout -in /etc/ssl/private/legacy-web.crt
# openssl s_server stands in for an old web server: every protocol from TLS 1.0 up and every
# suite at security level 0 (anonymous, 3DES, SHA-1 CBC...). The certificate (RSA 2048, SHA-256,
# self-signed, valid 2022-01-01 to 2023-01-01) and its key were made once for the lab with
# python-cryptography; the key is a throwaway that protects nothing. Both stay root-only.
install -d -m 0700 /etc/ssl/private
umask 077
cat > /etc/ssl/private/legacy-web.crt <<'PEM'
-----BEGIN CERTIFICATE-----
MIIDFTCCAf2gAwIBAgIUUq7qaNHfQ5a1Eus/wGIjTJPnV10wDQYJKoZIhvcNAQEL
BQAwMzEbMBkGA1UEAwwSbmV0LXRscy1sZWdhY3kubGFiMRQwEgYDVQQKDAthdWRp
dG9yIGxhYjAeFw0yMjAxMDEwMDAwMDBaFw0yMzAxMDEwMDAwMDBaMDMxGzAZBgNV
BAMMEm5ldC10bHMtbGVnYWN5LmxhYjEUMBIGA1UECgwLYXVkaXRvciBsYWIwggEi
MA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC+Mf1fDmNDtrb2Jt09QLvqc4n7
PQ4ZUR1R0BPE3WGV5EZsavznV5VsCpKFEoupKPRlIHRfm6g0HEklBIRj0pWmtYog
lZOA6clBH1ymX4Lh5QQrtAWnnXJTpqSFzTB/Y7mfy2UQrK1Qx2czEPuEZSJdk2fQ
twyxAsh/cHpx9+CPAa8P6AuUnPrS0uyFgen6GQlEbWwQejZ7UPlZW0/1JZTY16b6
c7+KqsrSfok2hYd5EQyqjgBOruT5Nkh/j3pFRlOkkr6KdOMXYnWSsjumbs8Si8mP
qvpF2mDjJ3QBqpwhjzKYtPae9rN3apBRm8PeoH/0+hg59abW+06jqdi6rEK/AgMB
AAGjITAfMB0GA1UdEQQWMBSCEm5ldC10bHMtbGVnYWN5LmxhYjANBgkqhkiG9w0B
AQsFAAOCAQEAUbCK7zOxMFVCipGKF2oGYgl2akriib6nX8waDVBitdL2FDxuVPDz
eXxHV30/2GLy9XKsvm6jdph0ef8f0DUoXSwkI5q+dhddK4+GINGf69BactFqcoAd
ZgKhjc7k16yhVv8vRjSbcz82bndDdz89AJOpiDEJ5OcmgLRpchrRbijmvHKtZwTB
mvRveX6QFdvXXlSeX27cY0tWTIJfp6LmePN/Q2TJe6QOwSxolqaXoXp+VIfyRnVY
WHuB57Hp4nplGAKQNTvhuWis/oJhFUUDT5zguJcsbnUabSu6YebRy/PfzGOxsC3c
l80dhKVQ8+SoPGa8zgUV2Lzxl10L/qXo4Q==
-----END CERTIFICATE-----
PEM
cat > /etc/ssl/private/legacy-web.key <<'PEM'
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC+Mf1fDmNDtrb2
Jt09QLvqc4n7PQ4ZUR1R0BPE3WGV5EZsavznV5VsCpKFEoupKPRlIHRfm6g0HEkl
BIRj0pWmtYoglZOA6clBH1ymX4Lh5QQrtAWnnXJTpqSFzTB/Y7mfy2UQrK1Qx2cz
EPuEZSJdk2fQtwyxAsh/cHpx9+CPAa8P6AuUnPrS0uyFgen6GQlEbWwQejZ7UPlZ
W0/1JZTY16b6c7+KqsrSfok2hYd5EQyqjgBOruT5Nkh/j3pFRlOkkr6KdOMXYnWS
sjumbs8Si8mPqvpF2mDjJ3QBqpwhjzKYtPae9rN3apBRm8PeoH/0+hg59abW+06j
qdi6rEK/AgMBAAECggEADjdJU2oNZFnLWiG0hqgIg7EoHpXFMII+GUfeume7rAr4
cpEanyYOPpmZswWcV8P+ZHKlECJf06lLlE8+oAF0+xV1ohLcCBYxW0M/VxYrf7vw
8F1P0OP1UChUAsY/+j2XecinoLPvbmrBHXGHAzHV/D2Q1GpiMfbdypy7IjqfV8Ds
oSSFLJeav5Cz1ItNIbnielh8pJVWo5LCfM889b9HqN4xH+7qB7+4ykPtCtfClOZD
jpAOAYHOaGshzZ27+Coo7Wqmkw6fnENA7xoDfzMIBLvp4u/pbRpkr1z4x5oY2qAW
g01gGVpZzlO5n9od7dkYp5ug8U9yyWSAhUMnpHTSAQKBgQD/QSRm2aw+e68Lv7yJ
wzsicABs+deUsNsCwMZ5WjeWG3aXgQo4tBBzUYZsCPI/nzVkYtdX7SQRkRff971c
A8wsgAW4KuNh/B0toS92oZYtnTWA3crpvXnyOGwWVubpdtmPw86WUclx3Jr6zX6N
rchdpQM0dVlGEOj2CAIzxIOWAQKBgQC+wDOl7SYGJmjQy0BjiA2hn9O3QIyruZyo
xqM420ATYAXW5TLCWtyvWuLGg/JfkbGdoMKfNL0G3zginl6Qm57V0iGhFLG9lA17
dD6DAJXh1HSWx8h51nARwoCd/xFVcqmpPUVQMXR6xNO3FvRhmGXdjW8+caBRkvi3
eU9u1u9YvwKBgQC/L0yTmJBRkJRQyYDu8oLVTWyUMyIMpda0ni1KcY9W6CUQXz+H
rx7vMO3s91py2s3D7eB7ZAxy9+kZANcdF18TKaSfB8id+JbmOWdyhJ8WdTzA098K
6bdv/GDA7sAvt6xG6RNQNdwbY2/VUJtshPCha1oWLZr7RukmdmMn4RXqAQKBgDO2
WYonI4LRUOMh5v/Ut5VUhgoNFtXLSRw8Va2pStK12n9qvXsRNPjZE9erl76u+c74
8SpGGuTNCSPheVOMzN+8yt8nhBQYGhuY5QWQ2BFUDpN97+yP5Ov7pfCvYJygrDw0
XyEhdyl9SMQ/FduLfDo3CKyOE19qD8F1wsISxOpzAoGAI9OsjTrbcjP7LwzrCnrn
BqESd+9eP1BiRb3CDK1/R9q9JpJO5dJS9DMcx+KPd5q6hVerV6rywOB0MkrQlexZ
uW6F1E6fU/egk9u8ufr8guhx1M/M2IZJF7oXMYw6WDW5muxoUSA+C75zuhAP1DKn
JXXHh64jE1BSPj+J+r+oIMA=
-----END PRIVATE KEY-----
PEM
chmod 0600 /etc/ssl/private/legacy-web.crt /etc/ssl/private/legacy-web.key
cat > /etc/auditor-lab/boot.d/50-net_tls_legacy.sh <<'BOOT'
#!/bin/sh
# openssl s_server on LAB_ADDRESS:443 only, in the background; -www answers GET / with a page.
/usr/bin/openssl s_server -accept "$LAB_ADDRESS:443" -www -quiet \
    -cert /etc/ssl/private/legacy-web.crt -key /etc/ssl/private/legacy-web.key \
    -min_protocol TLSv1 -cipher 'ALL:@SECLEVEL=0' </dev/null >/dev/null 2>&1 &
BOOT
chmod 0755 /etc/auditor-lab/boot.d/50-net_tls_legacy.sh
