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
        "mode above 750: 0755 root:adm /var/log/audit",
        "mode above 640: 0644 root:root /var/log/audit/audit.log",
        "mode above 640: 0666 root:root /etc/audit/rules.d/51-lab-events.rules",
        "group users not allowed: 0640 root:users /etc/audit/auditd.conf",
    ):
        assert part in outcome.message, part
    assert "auditctl" not in outcome.message


def test_no_auditd_is_a_skip_and_a_missing_fact_an_error(evaluate):
    assert evaluate(CHECK, audit_files=Raw("")).status == "skip"
    assert evaluate(CHECK, audit_files=FactError("needs root")).status == "error"
