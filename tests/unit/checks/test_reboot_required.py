from auditor.facts.base import FactError

CHECK = "reboot_required"


def test_container_without_kernel_package_passes_and_says_so(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/debian12_container.txt")
    assert outcome.status == "pass"
    assert any("no kernel package" in line for line in outcome.evidence)


def test_newer_kernel_installed(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/debian12_newer_kernel.txt")
    assert outcome.status == "fail"
    assert "newer kernel 6.1.0-21-amd64 installed, running 6.1.0-18-amd64" in outcome.message


def test_current_kernel_ignores_other_flavours(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/debian12_current.txt")
    assert outcome.status == "pass"
    assert "installed kernels: 6.1.0-18-amd64, 6.1.0-21-amd64" in outcome.evidence


def test_same_abi_rebuilt_package(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/debian12_same_abi_rebuilt.txt")
    assert outcome.status == "fail"
    assert "upgraded to 6.1.94-1; the running build is 6.1.90-1" in outcome.message


def test_running_kernel_removed(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/debian12_removed_running.txt")
    assert outcome.status == "fail"
    assert "no longer installed" in outcome.message


def test_reboot_required_flag(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/ubuntu2204_flag.txt")
    assert outcome.status == "fail"
    assert "/var/run/reboot-required is present (packages: libc6, libssl3)" in outcome.message


def test_rhel_current_with_needs_restarting(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/rhel9_current.txt")
    assert outcome.status == "pass"
    assert any("Reboot should not be necessary" in line for line in outcome.evidence)


def test_rhel_needs_reboot(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/rhel9_needs_reboot.txt")
    assert outcome.status == "fail"
    assert "5.14.0-427.22.1.el9_4.x86_64" in outcome.message
    assert "Reboot is required" in outcome.message


def test_rhel_rt_kernel_matches_its_package(evaluate):
    outcome = evaluate(CHECK, pkg_reboot="pkg_reboot/rhel9_rt_current.txt")
    assert outcome.status == "pass"
    assert (
        "installed kernels: 5.14.0-427.50.1.el9_4.x86_64+rt, 5.14.0-503.21.1.el9_5.x86_64+rt"
        in outcome.evidence
    )


def test_centos7_yum_utils_needs_restarting(evaluate):
    current = evaluate(CHECK, pkg_reboot="pkg_reboot/centos7_yum_utils_current.txt")
    assert current.status == "pass"
    assert any("Reboot is probably not necessary" in line for line in current.evidence)
    pending = evaluate(CHECK, pkg_reboot="pkg_reboot/centos7_yum_utils_needs_reboot.txt")
    assert pending.status == "fail"
    assert "newer kernel 3.10.0-1160.119.1.el7.x86_64 installed" in pending.message
    assert "Reboot is required to ensure" in pending.message


def test_error_when_fact_missing(evaluate):
    assert evaluate(CHECK, pkg_reboot=FactError("no output")).status == "error"
