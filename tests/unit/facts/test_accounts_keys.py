"""Parser of the ssh_user_keys collector and of SSH public keys."""

import base64
from pathlib import Path

from auditor.facts.base import Raw
from auditor.facts.ssh_user_keys import openssh_cipher, parse_key_line, parse_ssh_user_keys

DATA = Path(__file__).resolve().parents[2] / "data" / "facts" / "ssh_user_keys"


def load(name: str):
    return parse_ssh_user_keys(Raw((DATA / name).read_text(encoding="utf-8")))


def test_lab_baseline():
    keys = load("debian12_lab.txt")
    assert keys.homes["auditor"] == "/home/auditor"
    [file] = keys.authorized
    assert file.user == "auditor" and file.keys[0].type == "ssh-ed25519"
    assert file.keys[0].bits == 256
    assert keys.modes["/home/auditor/.ssh"].mode == 0o700
    assert keys.private == ()


def test_sizes_fingerprints_options_and_errors():
    keys = load("mixed.txt")
    alice = keys.authorized[0].keys
    assert [(k.type, k.bits) for k in alice] == [
        ("ssh-ed25519", 256),
        ("ssh-rsa", 1024),
        ("ecdsa-sha2-nistp384", 384),
        ("ssh-rsa", None),
    ]
    assert alice[0].fingerprint == "SHA256:MboeOs9CnXUjtY08/Op6+BkQuqiuYbgrGO5DzISGGQc"
    assert alice[1].comment == "old-rsa"
    assert alice[3].error.startswith("unreadable key data")


def test_private_key_formats():
    keys = {k.path.rsplit("/", 1)[-1]: k for k in load("mixed.txt").private}
    assert (keys["id_ed25519"].format, keys["id_ed25519"].encrypted) == ("openssh", False)
    assert keys["id_ecdsa"].cipher == "aes256-ctr" and keys["id_ecdsa"].encrypted
    assert keys["legacy_rsa"].encrypted and keys["p8enc"].encrypted
    assert keys["p8plain"].encrypted is False and keys["server.key"].format == "pem-RSA"


def test_key_type_mismatch_and_certificate():
    blob = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519" + b"\x00\x00\x00\x20" + b"k" * 32)
    mismatch = parse_key_line("ssh-rsa " + blob.decode())
    assert mismatch.error == "key data is of type ssh-ed25519"
    cert_type = b"ssh-ed25519-cert-v01@openssh.com"
    cert = (
        len(cert_type).to_bytes(4, "big")
        + cert_type
        + b"\x00\x00\x00\x02no"
        + b"\x00\x00\x00\x20"
        + b"k" * 32
    )
    key = parse_key_line(f"cert-authority {cert_type.decode()} {base64.b64encode(cert).decode()}")
    assert key.bits == 256
    assert parse_key_line("# comment") is None


def test_openssh_cipher_prefix():
    assert openssh_cipher("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAA") == "none"
    gcm = b"openssh-key-v1\0" + b"\x00\x00\x00\x16aes256-gcm@openssh.com\x00\x00"
    assert openssh_cipher(base64.b64encode(gcm).decode()[:56]) == "aes256-gcm@openssh.com"
    assert openssh_cipher("b3BlbnNzaC1rZXktdjEAAAAAFmFlczI1") == "aes25…"
    assert openssh_cipher("bm90IGEga2V5") is None
