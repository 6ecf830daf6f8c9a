import base64

from auditor.facts.base import FactError, Raw


def ssh_string(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate("weak_authorized_keys", ssh_user_keys="ssh_user_keys/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.message == "all 1 authorised key(s) in 1 file(s) are strong"


def test_fails_on_1024_bit_rsa(evaluate):
    outcome = evaluate("weak_authorized_keys", ssh_user_keys="ssh_user_keys/debian12_weak_key.txt")
    assert outcome.status == "fail"
    assert outcome.evidence[0].startswith("webadmin: 1024-bit ssh-rsa SHA256:")
    assert outcome.evidence[0].endswith(
        "old-laptop in /home/webadmin/.ssh/authorized_keys (RSA under 3072 bits)"
    )


def test_mixed_file_with_options_and_broken_line(evaluate):
    outcome = evaluate("weak_authorized_keys", ssh_user_keys="ssh_user_keys/mixed.txt")
    assert outcome.status == "fail"
    assert "1 weak key(s)" in outcome.message
    assert "1024-bit ssh-rsa SHA256:sc4h62N0bTrfXHZ+s2VX2Vtsbi52mb2qoJE1RlNKGFI old-rsa" in (
        outcome.message
    )
    assert any("ignored line (ssh-rsa" in line for line in outcome.evidence)
    relaxed = evaluate(
        "weak_authorized_keys", {"min_rsa_bits": 1024}, ssh_user_keys="ssh_user_keys/mixed.txt"
    )
    assert relaxed.status == "pass"


def test_dsa_is_always_weak(evaluate):
    blob = b"".join(ssh_string(x) for x in (b"ssh-dss", b"\x00" + b"\xff" * 128, b"q", b"g", b"y"))
    line = "ssh-dss " + base64.b64encode(blob).decode() + " old-dsa"
    raw = Raw(f"USER bob 1002 /home/bob\nKEYS bob /home/bob/.ssh/authorized_keys\n> {line}\n")
    outcome = evaluate("weak_authorized_keys", ssh_user_keys=raw)
    assert outcome.status == "fail"
    assert "1024-bit ssh-dss" in outcome.message
    assert "(DSA)" in outcome.message


def test_error_without_root(evaluate):
    outcome = evaluate("weak_authorized_keys", ssh_user_keys=FactError("needs root privileges"))
    assert outcome.status == "error"
