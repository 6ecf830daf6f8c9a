from auditor.facts.base import FactError, Raw

CLOCK = 1763800000


def test_passes_on_lab_baseline_and_debian_default(evaluate):
    for defs in ("debian12_lab", "debian12_default", "rhel9"):
        outcome = evaluate(
            "password_warn_age",
            login_defs=f"login_defs/{defs}.txt",
            shadow="shadow/debian12_users.txt",
            clock=CLOCK,
        )
        assert outcome.status == "pass", defs


def test_fails_when_setting_missing_or_short(evaluate):
    defs = Raw("\036FILE 644 root root 20 /etc/login.defs\nPASS_WARN_AGE 3\n")
    outcome = evaluate(
        "password_warn_age", login_defs=defs, shadow="shadow/debian12_weak.txt", clock=CLOCK
    )
    assert outcome.status == "fail"
    assert "login.defs PASS_WARN_AGE is 3" in outcome.message
    assert "oldunix warning period none" in outcome.message
    missing = evaluate(
        "password_warn_age", login_defs=Raw(""), shadow="shadow/debian12_lab.txt", clock=CLOCK
    )
    assert missing.message == (
        "password expiry warning under 7 days: login.defs PASS_WARN_AGE is not set"
    )
    assert missing.evidence == ("PASS_WARN_AGE not set in /etc/login.defs",)


def test_error_without_shadow(evaluate):
    outcome = evaluate(
        "password_warn_age",
        login_defs="login_defs/debian12_lab.txt",
        shadow=FactError("needs root privileges"),
        clock=CLOCK,
    )
    assert outcome.status == "error"
