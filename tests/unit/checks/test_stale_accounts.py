from auditor.facts.base import FactError, Raw, Target

CLOCK = 1763800000  # 2025-11-22
LAB = Target("lab1", "127.0.10.1", user="auditor")


def run(evaluate, shadow, logins="debian12", keys="debian12_lab", params=None, target=LAB):
    return evaluate(
        "stale_accounts",
        params,
        target=target,
        shadow=f"shadow/{shadow}.txt",
        last_logins=f"last_logins/{logins}.txt",
        ssh_user_keys=f"ssh_user_keys/{keys}.txt",
        clock=CLOCK,
    )


def test_passes_on_lab_baseline_scanner_exempt(evaluate):
    outcome = run(evaluate, "debian12_lab")
    assert outcome.status == "pass"
    assert "scanner" in outcome.message


def test_scanner_key_counts_without_exemption(evaluate):
    outcome = run(
        evaluate, "debian12_lab", logins="debian12_empty", target=Target("lab1", "127.0.10.1")
    )
    assert outcome.status == "pass"  # auditor's password was changed recently (20403)
    assert outcome.message.startswith("1 account(s)")


def test_fails_on_never_used_account_with_old_password(evaluate):
    outcome = run(evaluate, "debian12_weak")
    assert outcome.status == "fail"
    assert "olduser (password): never logged in, password changed 2020-01-01" in outcome.message
    legacy = "legacy (password): last login 2025-03-04, password changed 2024-10-04"
    assert legacy in outcome.message
    assert "canbo" not in outcome.message
    assert "guest" not in outcome.message
    assert "/etc/shadow: olduser:<yescrypt value>:18262:1:60:7:45::" in outcome.evidence
    assert not any("$y$" in line for line in outcome.evidence)


def test_recent_login_keeps_account_active(evaluate):
    outcome = run(evaluate, "debian12_users")
    assert outcome.status == "pass"  # tranthib: old login but recent password change
    assert "expired" not in outcome.message


def test_lastlog2_and_wtmpdb(evaluate):
    outcome = run(evaluate, "debian12_users", logins="debian13_lastlog2", params={"max_days": 20})
    assert outcome.status == "fail"
    assert "tranthib (password): last login 2025-08-14" in outcome.message
    assert "nguyenvana" not in outcome.message


def test_key_only_account_is_judged(evaluate):
    shadow = Raw("webadmin:!:18000:1:60:7:45::\n")
    outcome = evaluate(
        "stale_accounts",
        target=LAB,
        shadow=shadow,
        last_logins="last_logins/debian12_empty.txt",
        ssh_user_keys="ssh_user_keys/debian12_weak_key.txt",
        clock=CLOCK,
    )
    assert outcome.status == "fail"
    assert "webadmin (SSH keys): never logged in" in outcome.message


def test_error_without_login_records(evaluate):
    outcome = evaluate(
        "stale_accounts",
        target=LAB,
        shadow="shadow/debian12_weak.txt",
        last_logins=Raw(""),
        ssh_user_keys="ssh_user_keys/debian12_lab.txt",
        clock=CLOCK,
    )
    assert outcome.status == "error"
    assert "no login records" in outcome.message


def test_error_without_root(evaluate):
    outcome = evaluate(
        "stale_accounts",
        target=LAB,
        shadow=FactError("needs root privileges"),
        last_logins="last_logins/debian12.txt",
        ssh_user_keys=FactError("needs root privileges"),
        clock=CLOCK,
    )
    assert outcome.status == "error"
