from auditor.facts.base import FactError

CHECK = "audit_boot_parameters"
SAVED_ONLY = {"check_running_state": False}


def test_lab_saved_configuration_passes_without_the_running_kernel(evaluate):
    # the namespace lab's /proc/cmdline is the test machine's kernel
    outcome = evaluate(CHECK, SAVED_ONLY, boot_cmdline="boot_cmdline/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == (
        "next boot, GRUB (/etc/default/grub.d/60-lab-audit.cfg): audit=1 audit_backlog_limit=8192",
    )
    outcome = evaluate(CHECK, boot_cmdline="boot_cmdline/debian12_lab.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "kernel audit parameters missing: running kernel: audit=(unset); "
        "running kernel: audit_backlog_limit=(unset) (at least 8192 required)"
    )


def test_vm_running_kernel_and_saved_configuration(evaluate):
    outcome = evaluate(CHECK, boot_cmdline="boot_cmdline/vm_audit.txt")
    assert outcome.status == "pass"
    assert outcome.message == (
        "audit=1 and audit_backlog_limit of at least 8192 for the running kernel and the next boot"
    )


def test_debian_default_grub(evaluate):
    outcome = evaluate(CHECK, SAVED_ONLY, boot_cmdline="boot_cmdline/debian12_grub_default.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "kernel audit parameters missing: next boot: audit=(unset); "
        "next boot: audit_backlog_limit=(unset) (at least 8192 required)"
    )
    assert outcome.evidence == ("next boot, GRUB (/etc/default/grub): quiet",)


def test_last_value_wins_and_small_backlog(evaluate):
    outcome = evaluate(CHECK, boot_cmdline="boot_cmdline/running_audit_off.txt")
    assert outcome.status == "fail"
    assert "running kernel: audit=0" in outcome.message
    assert "running kernel: audit_backlog_limit=64 (at least 8192 required)" in outcome.message
    assert "next boot" not in outcome.message


def test_kernel_install_cmdline_without_grub(evaluate):
    outcome = evaluate(CHECK, boot_cmdline="boot_cmdline/kernel_cmdline.txt")
    assert outcome.status == "pass"
    assert outcome.evidence[0].startswith("next boot, /etc/kernel/cmdline: ")


def test_threshold_parameter(evaluate):
    params = {"min_backlog_limit": 16384}
    outcome = evaluate(CHECK, params, boot_cmdline="boot_cmdline/vm_audit.txt")
    assert outcome.status == "fail"


def test_no_saved_configuration_cannot_be_judged(evaluate):
    outcome = evaluate(CHECK, boot_cmdline="boot_cmdline/none.txt")
    assert outcome.status == "error"
    assert outcome.message.startswith("no saved kernel command line")


def test_error_when_fact_missing(evaluate):
    outcome = evaluate(CHECK, boot_cmdline=FactError("unexpected output"))
    assert outcome.status == "error"
