from auditor.facts.base import FactError, Raw


def test_passes_on_the_lab_baseline(evaluate):
    outcome = evaluate("ssh_config_permissions", sshd_files="sshd_files/debian12_baseline.txt")
    assert outcome.status == "pass"
    assert outcome.message == (
        "3 sshd configuration file(s) and 3 public host key(s) have safe owners and modes"
    )
    assert "0600 root:root /etc/ssh/sshd_config.d/10-hardening.conf" in outcome.evidence


def test_fails_on_readable_drop_in_foreign_owner_and_writable_key(evaluate):
    outcome = evaluate("ssh_config_permissions", sshd_files="sshd_files/debian12_open.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "sshd's files too open: /etc/ssh/sshd_config owned by auditor:root; "
        "/etc/ssh/sshd_config.d/10-hardening.conf mode 0644 (at most 0600); "
        "/etc/ssh/ssh_host_ed25519_key.pub mode 0666 (at most 0644)"
    )


def test_modes_are_parameters(evaluate):
    params = {"config_mode": "0644", "public_key_mode": "0666", "groups": ["root"]}
    raw = Raw(
        "\036SEC config\n644 root root f /etc/ssh/sshd_config\n\036SEC keys\n"
        "666 root root f /etc/ssh/ssh_host_ed25519_key.pub\n\036SEC end\n"
    )
    assert evaluate("ssh_config_permissions", params, sshd_files=raw).status == "pass"


def test_skips_without_sshd_config_and_errors_on_cut_output(evaluate):
    empty = Raw("\036SEC config\n\036SEC keys\n\036SEC end\n")
    assert evaluate("ssh_config_permissions", sshd_files=empty).status == "skip"
    cut = Raw("\036SEC config\n600 root root f /etc/ssh/sshd_config\n")
    assert evaluate("ssh_config_permissions", sshd_files=cut).status == "error"
    assert evaluate("ssh_config_permissions", sshd_files=FactError("x")).status == "error"
