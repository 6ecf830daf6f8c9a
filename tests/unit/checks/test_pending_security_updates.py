from auditor.facts.base import FactError

CHECK = "pending_security_updates"


def test_fails_listing_security_updates_with_versions(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_pending.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("6 security update(s) pending")
    assert "libssl3 3.0.19-1~deb12u2 -> 3.0.22-1~deb12u2" in "\n".join(outcome.evidence)
    assert not any(line.startswith("bash ") for line in outcome.evidence)


def test_passes_when_only_lists_evidence(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_clean.txt")
    assert outcome.status == "pass"
    assert outcome.evidence[0].startswith("package lists last refreshed 2026-11-22")


def test_held_package_still_counts(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_security_held.txt")
    assert outcome.status == "fail"
    assert outcome.evidence[1].endswith("[held]")


def test_ubuntu_security_pocket(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/ubuntu2204_pending.txt")
    assert outcome.status == "fail"
    assert outcome.message == "1 security update(s) pending: libssl3"


def test_threshold_parameter(evaluate):
    outcome = evaluate(CHECK, {"max_pending": 6}, pkg_updates="pkg_updates/debian12_pending.txt")
    assert outcome.status == "pass"


def test_rhel_advisories(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/rhel9_dnf_pending.txt")
    assert outcome.status == "fail"
    assert "kernel.x86_64, kernel-core.x86_64, openssl-libs.x86_64" in outcome.message
    assert any("RHSA-2024:3619" in line for line in outcome.evidence)


def test_rhel8_wrapped_rows_obsoletes_and_epel_advisory(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/rhel8_dnf_wrapped_obsoletes.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("5 security update(s) pending")
    evidence = "\n".join(outcome.evidence)
    assert "fail2ban-server.noarch" in evidence and "FEDORA-EPEL-2024-7c3e19d0a2" in evidence
    assert "ipa-healthcheck-core.noarch" in evidence


def test_dnf5_advisory_table(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/fedora41_dnf5.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("2 security update(s) pending")


def test_rhel_clean(evaluate):
    assert evaluate(CHECK, pkg_updates="pkg_updates/rhel9_dnf_clean.txt").status == "pass"


def test_error_without_updateinfo(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/centos7_yum_no_updateinfo.txt")
    assert outcome.status == "error"
    assert "no security advisories" in outcome.message


def test_error_when_cache_missing(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/rhel9_dnf_no_cache.txt")
    assert outcome.status == "error"
    assert "Cache-only enabled but no cache" in outcome.message


def test_error_when_apt_fails(evaluate):
    outcome = evaluate(CHECK, pkg_updates="pkg_updates/debian12_apt_broken.txt")
    assert outcome.status == "error"
    assert "dpkg was interrupted" in outcome.message


def test_error_when_fact_missing(evaluate):
    outcome = evaluate(CHECK, pkg_updates=FactError("collector timed out on the host"))
    assert outcome.status == "error"


def test_skip_without_package_manager(evaluate):
    assert evaluate(CHECK, pkg_updates="pkg_updates/none.txt").status == "skip"
