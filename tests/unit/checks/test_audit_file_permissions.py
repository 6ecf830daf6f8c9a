from auditor.facts.base import FactError, Raw

CHECK = "audit_file_permissions"


def test_debians_modes_pass(evaluate):
    outcome = evaluate(CHECK, audit_files="audit_files/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("auditd's 15 logs, configuration files and tools")


def test_loose_modes_and_groups_fail(evaluate):
    outcome = evaluate(CHECK, audit_files="audit_files/debian12_loose.txt")
    assert outcome.status == "fail"
    for part in (
        "mode above 750: /var/log/audit (mode 755, root:adm)",
        "mode above 640: /var/log/audit/audit.log (mode 644, root:root)",
        "mode above 640: /etc/audit/rules.d/51-lab-events.rules (mode 666, root:root)",
        "group users not allowed: /etc/audit/auditd.conf (mode 640, root:users)",
    ):
        assert part in outcome.message, part
    assert "auditctl" not in outcome.message


def test_no_auditd_is_a_skip_and_a_missing_fact_an_error(evaluate):
    assert evaluate(CHECK, audit_files=Raw("")).status == "skip"
    assert evaluate(CHECK, audit_files=FactError("needs root")).status == "error"
