from auditor.facts.base import FactError, Raw

STRONG = Raw(
    "ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-ctr\n"
    "macs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com\n"
    "kexalgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256\n"
)


def test_debian_defaults_offer_sha1_and_umac64_macs(evaluate):
    outcome = evaluate("ssh_weak_crypto", sshd="sshd/network_debian12_default.txt")
    assert outcome.status == "fail"
    assert "macs: umac-64-etm@openssh.com, hmac-sha1-etm@openssh.com" in outcome.message
    assert "ciphers" not in outcome.message and "kexalgorithms" not in outcome.message


def test_sha1_macs_allowed_by_profile(evaluate):
    params = {"weak_macs": ["hmac-md5*"]}
    assert evaluate("ssh_weak_crypto", params, sshd="sshd/network_rhel9_default.txt").status == (
        "pass"
    )


def test_old_rhel_cbc_and_group1(evaluate):
    raw = Raw(
        "ciphers aes128-ctr,aes128-cbc,3des-cbc,arcfour256\n"
        "macs hmac-sha2-256,hmac-md5-96\n"
        "kexalgorithms diffie-hellman-group14-sha1,diffie-hellman-group1-sha1\n"
    )
    outcome = evaluate("ssh_weak_crypto", sshd=raw)
    assert outcome.status == "fail"
    assert "ciphers: aes128-cbc, 3des-cbc, arcfour256" in outcome.message
    assert "macs: hmac-md5-96" in outcome.message
    assert "kexalgorithms: diffie-hellman-group14-sha1, diffie-hellman-group1-sha1" in (
        outcome.message
    )


def test_strong_lists_pass(evaluate):
    outcome = evaluate("ssh_weak_crypto", sshd=STRONG)
    assert outcome.status == "pass"
    assert outcome.evidence[0].startswith("ciphers chacha20")


def test_skip_without_sshd(evaluate):
    assert evaluate("ssh_weak_crypto", sshd=Raw("NO-SSHD\n")).status == "skip"


def test_error_without_root(evaluate):
    assert evaluate("ssh_weak_crypto", sshd=FactError("needs root")).status == "error"
