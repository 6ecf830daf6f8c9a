from auditor.facts.base import FactError

TODAY = 20790 * 86400  # 2026-12-03; the baseline was recorded on day 20788


def test_passes_on_the_lab_baseline(evaluate):
    outcome = evaluate("password_change_dates", shadow="shadow/debian12_baseline.txt", clock=TODAY)
    assert outcome.status == "pass"
    assert outcome.message == "no last password change of the 23 accounts is after today"


def test_a_change_today_is_not_in_the_future(evaluate):
    day = 20788 * 86400
    assert (
        evaluate("password_change_dates", shadow="shadow/debian12_baseline.txt", clock=day).status
        == "pass"
    )
    before = evaluate("password_change_dates", shadow="shadow/debian12_baseline.txt", clock=day - 1)
    assert before.status == "fail"


def test_fails_on_a_change_after_today(evaluate):
    # daemon's last change is 2099-12-31 (day 47481); the clock is day 20790 (2026-12-03).
    outcome = evaluate(
        "password_change_dates", shadow="shadow/debian12_misconfigured.txt", clock=TODAY
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "accounts whose last password change is after today: daemon (+26691 days)"
    )
    assert outcome.evidence == ("/etc/shadow: daemon:*:47481:0:99999:7:::",)


def test_error_without_shadow(evaluate):
    outcome = evaluate("password_change_dates", shadow=FactError("needs root"), clock=0)
    assert outcome.status == "error"
