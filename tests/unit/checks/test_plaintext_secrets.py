from auditor.facts.base import FactError, Raw


def test_a_clean_lab_host_passes(evaluate):
    outcome = evaluate("plaintext_secrets", plaintext_secrets="plaintext_secrets/debian12_lab.txt")
    assert outcome.status == "pass"


def test_histories_and_readable_files_fail_with_the_secrets_masked(evaluate):
    outcome = evaluate(
        "plaintext_secrets", plaintext_secrets="plaintext_secrets/debian12_leaky.txt"
    )
    assert outcome.status == "fail"
    assert "/root/.bash_history (mode 600, root): 5 line(s)" in outcome.message
    assert "/opt/app/app.conf (mode 644, root): 2 line(s)" in outcome.message
    evidence = "\n".join(outcome.evidence)
    for line in (
        "/root/.bash_history:2: mysql -uroot -p**** citizens",
        "/root/.bash_history:6: sshpass -p **** ssh admin@10.0.0.5",
        "/root/.bash_history:8: git clone https://tuan:****@git.example.vn/r.git",
        "/root/.mysql_history:1: CREATE USER app IDENTIFIED BY '****';",
        "/usr/local/bin/backup.sh:2: PGPASSWORD=**** psql -h db -U app",
    ):
        assert line in evidence, line
    for secret in ("S3cr3t", "hunter2", "Tr0ub4dor", "p4ss", "ghp_", "AppPass1", "Prod#2026"):
        assert secret not in evidence and secret not in outcome.message
    # a prompt for the password, a variable and a placeholder are not secrets
    assert "mysql -u root -p" not in evidence and "$1" not in evidence
    assert "changeme" not in evidence


def test_exempt_paths(evaluate):
    params = {"exempt_paths": ["/root/.*_history", "/opt/app/*", "/usr/local/bin/*"]}
    outcome = evaluate(
        "plaintext_secrets", params, plaintext_secrets="plaintext_secrets/debian12_leaky.txt"
    )
    assert outcome.status == "pass"


def test_an_unfinished_search_is_an_error(evaluate):
    assert evaluate("plaintext_secrets", plaintext_secrets=Raw("")).status == "error"
    outcome = evaluate("plaintext_secrets", plaintext_secrets=FactError("needs root"))
    assert outcome.status == "error"
