from auditor.facts.base import FactError

CLOCK = 1763800000


def test_passes_on_lab_baseline(evaluate_ageing):
    outcome = evaluate_ageing("inactive_account_lock", "debian12_lab", "debian12_users")
    assert outcome.status == "pass"
    assert outcome.evidence == ("/etc/default/useradd: INACTIVE=45",)


def test_fails_when_useradd_default_unset(evaluate_ageing):
    outcome = evaluate_ageing("inactive_account_lock", "debian12_default", "debian12_lab")
    assert outcome.status == "fail"
    assert "useradd default INACTIVE is -1" in outcome.message
    assert "INACTIVE not set in /etc/default/useradd (default -1: never)" in outcome.evidence


def test_rhel_default_fails(evaluate_ageing):
    outcome = evaluate_ageing("inactive_account_lock", "rhel9", "rhel9")
    assert outcome.status == "fail"
    assert "useradd default INACTIVE is -1" in outcome.message
    assert "root inactive period none" in outcome.message


def test_fails_per_account(evaluate_ageing):
    outcome = evaluate_ageing("inactive_account_lock", "debian12_lab", "debian12_weak")
    assert "legacy inactive period none" in outcome.message
    assert "canbo" not in outcome.message


def test_limit_is_a_parameter(evaluate_ageing):
    assert (
        evaluate_ageing(
            "inactive_account_lock", "debian12_lab", "debian12_users", {"max_days": 30}
        ).status
        == "fail"
    )


def test_error_without_shadow(evaluate):
    outcome = evaluate(
        "inactive_account_lock",
        login_defs="login_defs/debian12_lab.txt",
        shadow=FactError("needs root privileges"),
        clock=CLOCK,
    )
    assert outcome.status == "error"
