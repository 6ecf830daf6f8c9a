from auditor.facts.base import FactError

CHECK = "auditd_running"


def test_running(evaluate):
    outcome = evaluate(CHECK, process_list="process_list/rhel9_systemd.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("pid 742: /sbin/auditd",)


def test_kernel_thread_is_not_the_daemon(evaluate):
    outcome = evaluate(CHECK, process_list="process_list/debian12_journald_only.txt")
    assert outcome.status == "fail"
    assert outcome.message == "auditd is not running"


def test_lab_host_without_auditd(evaluate):
    assert evaluate(CHECK, process_list="process_list/debian12_lab.txt").status == "fail"


def test_error(evaluate):
    assert evaluate(CHECK, process_list=FactError("no output")).status == "error"
