from auditor.facts.base import FactError, Raw


def test_debian_machine_passes(evaluate):
    outcome = evaluate("cron_permissions", cron_files="cron_files/debian12_machine.txt")
    assert outcome.status == "pass"


def test_writable_and_foreign_owner(evaluate):
    outcome = evaluate("cron_permissions", cron_files="cron_files/rhel9_writable.txt")
    assert outcome.status == "fail"
    assert "0666 root:root /etc/cron.d/backup" in outcome.message
    assert "0775 root:root /etc/cron.daily" in outcome.message
    assert "0755 oracle:dba /etc/cron.daily/rman-backup" in outcome.message
    assert "/etc/crontab" not in outcome.message


def test_cis_strict_mode(evaluate):
    outcome = evaluate(
        "cron_permissions", {"forbidden_mode": "077"}, cron_files="cron_files/debian12_machine.txt"
    )
    assert outcome.status == "fail"
    assert "0755 root:root /etc/cron.d" in outcome.message


def test_skip_and_error(evaluate):
    assert evaluate("cron_permissions", cron_files=Raw("cron-done\n")).status == "skip"
    assert evaluate("cron_permissions", cron_files=Raw("")).status == "error"
    assert evaluate("cron_permissions", cron_files=FactError("x")).status == "error"
