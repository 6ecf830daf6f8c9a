#!/bin/sh
# SSH: only strong ciphers, MACs and key exchanges are offered (ssh_weak_crypto).
set -eu

cat > /etc/ssh/sshd_config.d/74-crypto.conf <<'CONF'
# auditor lab baseline: no CBC, RC4, MD5/SHA-1 MACs, 64-bit MACs or SHA-1 key exchange
Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr
MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-512,hmac-sha2-256
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256
CONF
chmod 0600 /etc/ssh/sshd_config.d/74-crypto.conf
