from auditor.facts.base import FactError


def test_hardened_passes(evaluate):
    outcome = evaluate(
        "core_dumps_restricted",
        sysctl="sysctl/debian12_hardened.txt",
        core_dump_config="core_dump_config/debian12_hardened.txt",
    )
    assert outcome.status == "pass"
    assert "/etc/security/limits.d/60-core.conf:2: * hard core 0" in outcome.evidence


def test_debian_default_has_no_hard_limit(evaluate):
    outcome = evaluate(
        "core_dumps_restricted",
        sysctl="sysctl/debian12_machine.txt",
        core_dump_config="core_dump_config/debian12_machine.txt",
    )
    assert outcome.status == "fail"
    assert "no '* hard core 0'" in outcome.message


def test_rhel_systemd_coredump_and_suid_dumpable(evaluate):
    outcome = evaluate(
        "core_dumps_restricted",
        sysctl="sysctl/rhel9_forwarding.txt",
        core_dump_config="core_dump_config/rhel9_coredump.txt",
    )
    assert outcome.status == "fail"
    assert "fs.suid_dumpable is set to 2 (/usr/lib/sysctl.d/50-coredump.conf:5)" in outcome.message
    assert "Storage=external" in outcome.message


def test_error(evaluate):
    outcome = evaluate(
        "core_dumps_restricted",
        sysctl="sysctl/debian12_hardened.txt",
        core_dump_config=FactError("boom"),
    )
    assert outcome.status == "error"
