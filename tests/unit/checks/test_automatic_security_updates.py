from auditor.facts.base import Raw

CHECK = "automatic_security_updates"


def test_debian_unattended_upgrades_enabled(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/debian12_enabled.txt")
    assert outcome.status == "pass"
    assert 'APT::Periodic::Unattended-Upgrade "1"' in outcome.evidence
    assert any("apt-compat" in line for line in outcome.evidence)


def test_debian_periodic_off(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/debian12_disabled.txt")
    assert outcome.status == "fail"
    assert "APT::Periodic::Unattended-Upgrade is 0" in outcome.message


def test_debian_not_installed(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/debian12_not_installed.txt")
    assert outcome.status == "fail"
    assert "unattended-upgrades is not installed" in outcome.message


def test_masked_timer_on_systemd_host(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/debian12_systemd_masked.txt")
    assert outcome.status == "fail"
    assert "apt-daily-upgrade.timer is masked" in outcome.message


def test_ubuntu_allowed_origins(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/ubuntu2204_enabled_systemd.txt")
    assert outcome.status == "pass"


def test_rhel_dnf_automatic_applying(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/rhel9_dnf_automatic.txt")
    assert outcome.status == "pass"
    assert "/etc/dnf/automatic.conf apply_updates = yes" in outcome.evidence


def test_rhel7_yum_cron_download_only(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/rhel7_yum_cron_download_only.txt")
    assert outcome.status == "fail"
    assert "/etc/yum/yum-cron.conf apply_updates = no" in outcome.evidence


def test_rhel_nothing_installed(evaluate):
    outcome = evaluate(CHECK, pkg_auto_updates="pkg_auto_updates/rhel9_nothing.txt")
    assert outcome.status == "fail"
    assert "neither dnf-automatic nor yum-cron" in outcome.message


def test_error_when_collector_printed_no_manager(evaluate):
    # the snippet died before reporting which package manager it found
    outcome = evaluate(CHECK, pkg_auto_updates=Raw("\036SEC systemd\n", 2))
    assert outcome.status == "error"
    assert outcome.message == (
        "fact not available: pkg_auto_updates: no package manager report in the output"
    )
