from auditor.facts.base import FactError

CLOCK = 1763800000


def test_passes_on_lab_baseline(evaluate_ageing):
    outcome = evaluate_ageing("password_min_age", "debian12_lab", "debian12_users")
    assert outcome.status == "pass"
    assert outcome.evidence == ("/etc/login.defs: PASS_MIN_DAYS 1",)


def test_fails_on_defaults(evaluate_ageing):
    outcome = evaluate_ageing("password_min_age", "debian12_default", "debian12_lab")
    assert outcome.message == "password minimum age below 1 day(s): login.defs PASS_MIN_DAYS is 0"
    rhel = evaluate_ageing("password_min_age", "rhel9", "rhel9")
    assert rhel.status == "fail"
    assert "root minimum age 0" in rhel.message


def test_fails_per_account(evaluate_ageing):
    outcome = evaluate_ageing("password_min_age", "debian12_lab", "debian12_weak")
    assert "legacy minimum age 0" in outcome.message
    assert "oldunix minimum age none" in outcome.message


def test_error_without_shadow(evaluate):
    outcome = evaluate(
        "password_min_age",
        login_defs="login_defs/debian12_lab.txt",
        shadow=FactError("needs root privileges"),
        clock=CLOCK,
    )
    assert outcome.status == "error"
