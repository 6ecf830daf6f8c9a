from auditor.facts.base import FactError, Raw


def test_keys_of_root_and_the_ssl_cert_group_pass(evaluate):
    outcome = evaluate("service_private_keys", service_keys="service_keys/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.message == "4 private key file(s) readable by root only (or a key group)"


def test_open_keys_and_directories_fail(evaluate):
    outcome = evaluate("service_private_keys", service_keys="service_keys/debian12_loose.txt")
    assert outcome.status == "fail"
    for expected in (
        "open to every user: 0644 root:root /etc/ssh/ssh_host_ed25519_key",
        "owned by www-data: 0600 www-data:root /etc/ssl/private/web.key",
        "readable by group users: 0640 root:users /etc/ssl/private/db.key",
        "open to every user: 0755 root:root /etc/ssl/private",
    ):
        assert expected in outcome.message, expected
    assert "ssh_host_rsa_key" not in outcome.message


def test_no_key_is_a_skip_and_a_missing_fact_an_error(evaluate):
    assert evaluate("service_private_keys", service_keys=Raw("")).status == "skip"
    outcome = evaluate("service_private_keys", service_keys=FactError("needs root"))
    assert outcome.status == "error"
