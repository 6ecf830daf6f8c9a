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
    raw = Raw(
        "find-limit 500\n4755 root root f /bin/su\n"
        "4755 root root f /sbin/unix_chkpwd\nfind-exit 0\n"
    )
    assert evaluate("suid_files", suid_sgid=raw).status == "pass"


def test_error(evaluate):
    assert (
        evaluate("suid_files", suid_sgid=Raw("find-limit 500\nfind-exit 124\n")).status == "error"
    )
    assert evaluate("suid_files", suid_sgid=FactError("needs root")).status == "error"


def test_lab_baseline_verified_with_dpkg(evaluate):
    outcome = evaluate("suid_files", suid_sgid="suid_sgid/debian12_lab.txt")
    assert outcome.status == "pass"
    assert outcome.message == (
        "15 set-uid/set-gid program(s), all approved, packaged and unchanged (dpkg)"
    )


def test_replaced_and_unpackaged_programs_fail(evaluate):
    outcome = evaluate("suid_files", suid_sgid="suid_sgid/debian12_replaced.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "2 set-uid/set-gid program(s) not as their package shipped them: "
        "changed since its package installed it: 4755 root:root /usr/bin/chfn; "
        "in no package: 4755 root:root /usr/bin/at"
    )
    allowed = {"approved_unpackaged": ["/usr/bin/at"]}
    outcome = evaluate("suid_files", allowed, suid_sgid="suid_sgid/debian12_replaced.txt")
    assert "/usr/bin/at" not in outcome.message and "/usr/bin/chfn" in outcome.message


def test_rpm_verification(evaluate):
    raw = Raw(
        "find-limit 500\n4755 root root f /usr/bin/su\n4755 root root f /usr/bin/passwd\n"
        "4755 root root f /usr/local/bin/at\nfind-exit 0\n\036SEC verify rpm\n"
        "S.5....T.    /usr/bin/passwd\nfile /usr/local/bin/at is not owned by any package\n"
    )
    outcome = evaluate(
        "suid_files", {"approved": ["/usr/bin/*", "/usr/local/bin/at"]}, suid_sgid=raw
    )
    assert outcome.status == "fail"
    assert "changed since its package installed it: 4755 root:root /usr/bin/passwd" in (
        outcome.message
    )
    assert "in no package: 4755 root:root /usr/local/bin/at" in outcome.message
    assert "/usr/bin/su" not in outcome.message


def test_without_package_manager_not_verified(evaluate):
    outcome = evaluate("suid_files", suid_sgid="suid_sgid/debian12_machine.txt")
    assert "package contents not verified" in outcome.message
