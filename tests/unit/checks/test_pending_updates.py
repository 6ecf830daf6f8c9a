CHECK = "pending_updates"


def test_fails_counting_all_updates(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_pending.txt")
    assert outcome.status == "fail"
    assert outcome.message == "10 update(s) pending (6 security), more than 0"
    assert any(line.startswith("bash 5.2.15-2+b8 -> ") for line in outcome.evidence)


def test_threshold_parameter(evaluate):
    params = {"max_pending": 10}
    assert evaluate(CHECK, params, pkg_updates="pkg_updates/debian12_pending.txt").status == "pass"


def test_passes_when_nothing_pending(evaluate):
    assert evaluate(CHECK, pkg_updates="pkg_updates/debian12_clean.txt").status == "pass"


def test_yum_wrapped_lines_and_unknown_security(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/centos7_yum_no_updateinfo.txt")
    assert outcome.status == "fail"
    assert "2 update(s) pending (security unknown)" in outcome.message
    assert any(line.startswith("NetworkManager-libnm.x86_64") for line in outcome.evidence)


def test_dnf_wrapped_rows_and_obsoleting_packages(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/rhel8_dnf_wrapped_obsoletes.txt")
    assert outcome.status == "fail"
    assert outcome.message == "10 update(s) pending (5 security), more than 0"
    assert not any("legacy-shim" in line for line in outcome.evidence)


def test_error_when_cache_missing(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/rhel9_dnf_no_cache.txt")
    assert outcome.status == "error"


def test_skip_without_package_manager(evaluate):
    assert evaluate(CHECK, pkg_updates="pkg_updates/none.txt").status == "skip"
