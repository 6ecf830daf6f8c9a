#!/bin/sh
# scenario: the audited sshd also offers SHA-1 key exchanges, CBC ciphers, HMAC-SHA1 and ssh-rsa host-key signatures
# expect-fail: network_ssh_algorithms ssh_weak_crypto
# verify: sshd -T | grep -q '^kexalgorithms .*diffie-hellman-group1-sha1'
# verify: sshd -T | grep -q '^hostkeyalgorithms .*ssh-rsa\(,\|$\)'
# What a server kept for old clients looks like: the defaults plus the legacy algorithms ("+"),
# seen by nmap (ssh2-enum-algos) from outside as well as in sshd -T. sshd_config.d files are read
# in name order and the first value wins: 05- comes before the baseline's 74-crypto.conf.
# An RSA host key makes ssh-rsa usable (the lab seeds only ed25519 and ECDSA keys); sshd loads
# every default host key that exists.
ssh-keygen -q -t rsa -b 3072 -N '' -C "root@$LAB_HOSTNAME" -f /etc/ssh/ssh_host_rsa_key
chmod 0600 /etc/ssh/ssh_host_rsa_key
cat > /etc/ssh/sshd_config.d/05-legacy-algorithms.conf <<'CONF'
KexAlgorithms +diffie-hellman-group14-sha1,diffie-hellman-group1-sha1
Ciphers +aes128-cbc,3des-cbc
MACs +hmac-sha1
HostKeyAlgorithms +ssh-rsa
CONF
chmod 0600 /etc/ssh/sshd_config.d/05-legacy-algorithms.conf
