from auditor.facts.base import FactError


def test_hardened_passes(evaluate):
    outcome = evaluate("kernel_hardening", sysctl="sysctl/debian12_hardened.txt")
    assert outcome.status == "pass"
    assert "/etc/sysctl.d/60-hardening.conf:2: kernel.randomize_va_space = 2" in outcome.evidence


def test_machine_defaults_fail_naming_each_key(evaluate):
    outcome = evaluate("kernel_hardening", sysctl="sysctl/debian12_machine.txt")
    assert outcome.status == "fail"
    assert "kernel.kptr_restrict is 0 in the running kernel (required: >=1)" in outcome.message
    assert "kernel.yama.ptrace_scope is not set" in outcome.message
    # saved 1 in /usr/lib/sysctl.d/99-protect-links.conf, but 0 in the running kernel
    assert "fs.protected_symlinks is 0 in the running kernel" in outcome.message
    assert "fs.protected_hardlinks" not in outcome.message


def test_config_only_judges_saved_files(evaluate):
    params = {"check_running_state": False}
    outcome = evaluate("kernel_hardening", params, sysctl="sysctl/debian12_machine.txt")
    assert outcome.status == "fail"
    assert "running kernel" not in outcome.message
    assert "kernel.randomize_va_space is not set" in outcome.message
    assert "fs.protected_symlinks" not in outcome.message


def test_rhel_vendor_file_relaxing_ptrace(evaluate):
    outcome = evaluate("kernel_hardening", sysctl="sysctl/rhel9_forwarding.txt")
    assert outcome.status == "fail"
    assert (
        "kernel.yama.ptrace_scope is set to 0 (/usr/lib/sysctl.d/10-default-yama-scope.conf:16)"
        in outcome.message
    )


def test_error(evaluate):
    assert evaluate("kernel_hardening", sysctl=FactError("boom")).status == "error"
