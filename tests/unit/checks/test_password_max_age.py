from auditor.facts.base import FactError

CLOCK = 1763800000  # 2025-11-22


def test_passes_on_lab_baseline_with_users(evaluate_ageing):
    outcome = evaluate_ageing("password_max_age", "debian12_lab", "debian12_users")
    assert outcome.status == "pass"
    assert outcome.evidence == ("/etc/login.defs: PASS_MAX_DAYS 60",)


def test_fails_on_debian_default(evaluate_ageing):
    outcome = evaluate_ageing("password_max_age", "debian12_default", "debian12_lab")
    assert outcome.status == "fail"
    assert outcome.message == "password age above 60 days: login.defs PASS_MAX_DAYS is 99999"


def test_fails_per_account_and_skips_locked_and_expired(evaluate_ageing):
    outcome = evaluate_ageing("password_max_age", "debian12_lab", "debian12_weak")
    assert outcome.status == "fail"
    assert "legacy maximum age 99999" in outcome.message
    assert "oldunix maximum age none" in outcome.message
    assert "canbo" not in outcome.message
    assert "guest" not in outcome.message  # empty password: judged by empty_passwords
    locked_and_expired = evaluate_ageing("password_max_age", "debian12_lab", "debian12_users")
    assert "locked" not in locked_and_expired.message


def test_rhel_default_fails_for_root(evaluate_ageing):
    outcome = evaluate_ageing("password_max_age", "rhel9", "rhel9")
    assert outcome.status == "fail"
    assert "root maximum age 99999" in outcome.message
    root = "/etc/shadow: root:<sha512crypt value>:"
    assert any(line.startswith(root) for line in outcome.evidence)


def test_limit_is_a_parameter(evaluate_ageing):
    outcome = evaluate_ageing(
        "password_max_age", "debian12_lab", "debian12_users", {"max_days": 30}
    )
    assert outcome.status == "fail"


def test_error_without_shadow(evaluate):
    outcome = evaluate(
        "password_max_age",
        login_defs="login_defs/debian12_lab.txt",
        shadow=FactError("needs root privileges"),
        clock=CLOCK,
    )
    assert outcome.status == "error"
