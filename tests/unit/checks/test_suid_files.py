from auditor.facts.base import FactError, Raw


def test_debian_machine_all_approved(evaluate):
    outcome = evaluate("suid_files", suid_sgid="suid_sgid/debian12_machine.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("17 set-uid/set-gid program(s)")


def test_rhel_backdoors_found(evaluate):
    outcome = evaluate("suid_files", suid_sgid="suid_sgid/rhel9_backdoor.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("2 set-uid/set-gid program(s) not approved")
    assert "4755 root:root /home/tuan/.cache/bash" in outcome.message
    assert "6755 root:root /usr/local/bin/find" in outcome.message


def test_unmerged_usr_paths_count_as_usr(evaluate):
    raw = Raw("4755 root root f /bin/su\n4755 root root f /sbin/unix_chkpwd\nfind-exit 0\n")
    assert evaluate("suid_files", suid_sgid=raw).status == "pass"


def test_error(evaluate):
    assert evaluate("suid_files", suid_sgid=Raw("find-exit 124\n")).status == "error"
    assert evaluate("suid_files", suid_sgid=FactError("needs root")).status == "error"
