from auditor.facts.base import FactError, Raw, Target

TERMINAL = Target("pc1", "10.1.2.3", role="terminal")


def run(evaluate, data, params=None):
    return evaluate("browser_saved_logins", params, target=TERMINAL, browser_logins=data)


def test_recorded_stores_with_logins_fail(evaluate):
    outcome = run(evaluate, "browser_logins/debian12_terminal.txt")
    assert outcome.status == "fail"
    assert ".config/google-chrome/Default/Login Data: 2 saved login(s)" in outcome.message
    assert "logins.json: 2 saved login(s)" in outcome.message
    assert "Profile 1" not in outcome.message
    assert any(
        "Profile 1/Login Data (chromium, 8192 bytes): 0 saved" in e for e in outcome.evidence
    )
    assert "canbo01" not in outcome.message + " ".join(outcome.evidence)


def test_threshold(evaluate):
    assert run(
        evaluate, "browser_logins/debian12_terminal.txt", {"max_saved_logins": 2}
    ).status == ("pass")


def test_without_sqlite3_is_an_error_naming_the_file(evaluate):
    outcome = run(evaluate, "browser_logins/no_sqlite3.txt")
    assert outcome.status == "error"
    assert "sqlite3 is not installed" in outcome.message
    assert "Login Data (chromium, 40960 bytes): not counted" in outcome.evidence[0]


def test_no_browser_passes(evaluate):
    assert run(evaluate, "browser_logins/none.txt").status == "pass"


def test_errors(evaluate):
    assert run(evaluate, Raw("sqlite3=1\n")).status == "error"  # cut short
    assert run(evaluate, FactError("needs root privileges")).status == "error"
