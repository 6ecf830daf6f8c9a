from auditor.facts.base import Raw

CHECK = "package_lists_fresh"
LISTS = 1795306898  # newest Release file of the recording


def test_fresh_lists_pass(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_clean.txt", clock=LISTS + 86400)
    assert outcome.status == "pass"
    assert any("bookworm-security_InRelease" in line for line in outcome.evidence)


def test_old_lists_fail(evaluate):
    outcome = evaluate(
        CHECK, pkg_updates="pkg_updates/debian12_clean.txt", clock=LISTS + 40 * 86400
    )
    assert outcome.status == "fail"
    assert outcome.message.startswith("package lists are 40 days old (more than 35)")


def test_no_lists_fail(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian_no_lists.txt", clock=LISTS)
    assert outcome.status == "fail"
    assert outcome.evidence == ("no /var/lib/apt/lists/*Release file",)


def test_rhel_cache_age(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/rhel9_dnf_clean.txt", clock=LISTS)
    assert outcome.status == "fail"


def test_skip_without_package_manager(evaluate):
    assert evaluate(CHECK, pkg_updates="pkg_updates/none.txt", clock=LISTS).status == "skip"


def test_error_when_apt_simulation_fails(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_apt_broken.txt", clock=LISTS)
    assert outcome.status == "error"
    assert outcome.message.startswith(
        "fact not available: pkg_updates: apt-get -s dist-upgrade failed: E: dpkg was interrupted"
    )


def test_error_when_dnf_has_no_cache(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/rhel9_dnf_no_cache.txt", clock=LISTS)
    assert outcome.status == "error"
    assert "dnf check-update -C failed: Error: Cache-only enabled but no cache" in outcome.message


def test_error_when_clock_unreadable(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_clean.txt", clock=Raw("", 127))
    assert outcome.status == "error"
    assert outcome.message == "fact not available: clock: unexpected output of date +%s: ''"
