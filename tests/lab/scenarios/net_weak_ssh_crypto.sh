#!/bin/sh
# scenario: sshd offers CBC ciphers, HMAC-MD5 and Diffie-Hellman group 1 with SHA-1
# expect-fail: ssh_weak_crypto
# verify: sshd -T | grep -q '^ciphers .*-cbc'
# sshd_config.d files are read in name order and the first value wins: 05- comes first.
cat > /etc/ssh/sshd_config.d/05-legacy-clients.conf <<'CONF'
Ciphers aes128-ctr,aes256-cbc,3des-cbc
MACs hmac-sha2-256,hmac-md5
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group1-sha1
CONF
chmod 0600 /etc/ssh/sshd_config.d/05-legacy-clients.conf
