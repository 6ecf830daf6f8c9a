from auditor.facts.base import FactError


def test_passes_without_keys(evaluate):
    outcome = evaluate("unprotected_private_keys", ssh_user_keys="ssh_user_keys/debian12_lab.txt")
    assert outcome.status == "pass"


def test_fails_on_key_without_passphrase_readable_by_all(evaluate):
    outcome = evaluate(
        "unprotected_private_keys", ssh_user_keys="ssh_user_keys/debian12_private_key.txt"
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "unprotected private keys: /home/developer/.ssh/id_ed25519 "
        "(developer): no passphrase, mode 0644 open to group/others"
    )
    assert outcome.evidence == (
        "/home/developer/.ssh/id_ed25519 0644 developer:developer "
        "openssh key, not encrypted (none)",
    )


def test_recognises_every_format(evaluate):
    outcome = evaluate("unprotected_private_keys", ssh_user_keys="ssh_user_keys/mixed.txt")
    message = outcome.message
    assert "/home/alice/.ssh/id_rsa_old (alice): no passphrase" in message
    assert "/home/bob/.ssh/p8plain (bob): no passphrase" in message
    assert "/home/bob/certs/server.key (bob): no passphrase" in message
    for protected in ("id_ecdsa", "legacy_rsa", "p8enc"):
        assert protected not in message


def test_error_without_root(evaluate):
    outcome = evaluate("unprotected_private_keys", ssh_user_keys=FactError("needs root"))
    assert outcome.status == "error"
