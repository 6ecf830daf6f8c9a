from auditor.facts.base import FactError, Target

TERMINAL = Target("pc1", "10.1.2.3", role="terminal")


def test_disabled_passes(evaluate):
    outcome = evaluate(
        "usb_storage_disabled", target=TERMINAL, usb_storage="usb_storage/debian12_disabled.txt"
    )
    assert outcome.status == "pass"
    assert "/etc/modprobe.d/usb-storage.conf:2: install usb-storage /bin/false" in outcome.evidence


def test_loaded_fails(evaluate):
    outcome = evaluate(
        "usb_storage_disabled", target=TERMINAL, usb_storage="usb_storage/debian12_loaded.txt"
    )
    assert outcome.status == "fail"
    assert "loaded" in outcome.message


def test_machine_without_rules_fails(evaluate):
    # recorded here: no /proc/modules and no module tree, so only the rules decide
    outcome = evaluate(
        "usb_storage_disabled", target=TERMINAL, usb_storage="usb_storage/debian12_machine.txt"
    )
    assert outcome.status == "fail"
    assert "module in the running kernel: no-module-directory" in outcome.evidence


def test_blacklist_only_depends_on_parameter(evaluate):
    data = "usb_storage/rhel9_blacklist_only.txt"
    assert evaluate("usb_storage_disabled", target=TERMINAL, usb_storage=data).status == "pass"
    outcome = evaluate(
        "usb_storage_disabled", {"blacklist_is_enough": False}, target=TERMINAL, usb_storage=data
    )
    assert outcome.status == "fail"
    assert "only blacklisted" in outcome.message


def test_skipped_on_servers(evaluate):
    outcome = evaluate("usb_storage_disabled", usb_storage="usb_storage/debian12_loaded.txt")
    assert outcome.status == "skip"


def test_error(evaluate):
    outcome = evaluate("usb_storage_disabled", target=TERMINAL, usb_storage=FactError("x"))
    assert outcome.status == "error"
