from auditor.facts.base import FactError

CHECK = "last_package_update"
NOW = 1795307389 + 3 * 86400  # three days after the recorded install


def test_recent_update_passes(evaluate):
    outcome = evaluate(CHECK, pkg_history="pkg_history/debian12_recent.txt", clock=NOW)
    assert outcome.status == "pass"
    assert outcome.message == "last package install or upgrade 3 day(s) ago (2026-11-22)"
    assert outcome.evidence[0].startswith("/var/log/dpkg.log*: 2026-11-22 00:29:49 install")


def test_stale_update_fails_using_host_timezone(evaluate):
    outcome = evaluate(CHECK, pkg_history="pkg_history/debian12_stale.txt", clock=NOW)
    assert outcome.status == "fail"
    assert "(2026-07-02), more than 35" in outcome.message


def test_threshold_parameter(evaluate):
    params = {"max_days": 200}
    outcome = evaluate(CHECK, params, pkg_history="pkg_history/debian12_stale.txt", clock=NOW)
    assert outcome.status == "pass"


def test_no_event_in_logs_fails(evaluate):
    outcome = evaluate(CHECK, pkg_history="pkg_history/debian12_no_events.txt", clock=NOW)
    assert outcome.status == "fail"
    assert "no package install or upgrade recorded" in outcome.message


def test_rhel_install_times(evaluate):
    outcome = evaluate(CHECK, pkg_history="pkg_history/rhel9.txt", clock=1794710400 + 40 * 86400)
    assert outcome.status == "fail"
    assert (
        outcome.evidence[0]
        == "the rpm database: installed kernel-core-5.14.0-570.12.1.el9_6.x86_64"
    )


def test_error_when_logs_unreadable(evaluate):
    outcome = evaluate(CHECK, pkg_history="pkg_history/debian12_unreadable.txt", clock=NOW)
    assert outcome.status == "error"
    assert "needs root" in outcome.message


def test_error_without_clock(evaluate):
    outcome = evaluate(
        CHECK, pkg_history="pkg_history/debian12_recent.txt", clock=FactError("date failed")
    )
    assert outcome.status == "error"
