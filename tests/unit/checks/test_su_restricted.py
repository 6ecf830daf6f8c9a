from auditor.facts.base import Raw

LAB = "pam_services/debian12_lab.txt"
SU_HEAD = "\036SEC files\n\036FILE 644 root root 80 /etc/pam.d/su\nauth sufficient pam_rootok.so\n"
GROUPS = (
    "\036SEC passwd\nroot:x:0:0:root:/root:/bin/bash\nana:x:1000:1000::/home/ana:/bin/bash\n"
    "\036SEC group\nroot:x:0:\nwheel:x:10:ana\nsugroup:x:997:\n"
)


def su(*lines):
    return Raw(SU_HEAD + "\n".join(lines) + "\n")


def run(evaluate, pam_services, accounts, params=None):
    return evaluate("su_restricted", params, pam_services=pam_services, accounts=accounts)


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, LAB, "accounts/debian12_lab_su.txt")
    assert outcome.status == "pass"
    assert outcome.message == "su is limited to the group sugroup, which has no members"
    assert outcome.evidence == (
        "/etc/pam.d/su: auth required pam_wheel.so use_uid group=sugroup",
        "/etc/group: sugroup:x:997:",
    )


def test_fails_when_the_group_has_a_member(evaluate):
    outcome = run(evaluate, LAB, "accounts/debian12_su_member.txt")
    assert outcome.status == "fail"
    assert outcome.message == "su is open to members of sugroup not approved: quantri"
    assert "/etc/group: sugroup:x:997:quantri" in outcome.evidence
    approved = run(
        evaluate, LAB, "accounts/debian12_su_member.txt", {"allowed_members": ["quantri"]}
    )
    assert approved.status == "pass"
    assert approved.message == "su is limited to the approved members of sugroup: quantri"


def test_fails_on_debian_default_without_pam_wheel(evaluate):
    outcome = run(evaluate, "pam_services/debian12_backdoored.txt", "accounts/debian12_lab.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "any account that knows root's password can use su: /etc/pam.d/su has no pam_wheel"
    )


def test_weak_pam_wheel_lines(evaluate):
    cases = {
        "auth sufficient pam_wheel.so trust use_uid": "pam_wheel is only sufficient",
        "auth required pam_wheel.so deny group=sugroup use_uid": "pam_wheel deny refuses",
        "auth required pam_wheel.so group=sugroup": "without use_uid",
    }
    for line, part in cases.items():
        outcome = run(evaluate, su(line), Raw(GROUPS))
        assert outcome.status == "fail", line
        assert part in outcome.message


def test_group_missing_or_default_wheel(evaluate):
    missing = run(evaluate, su("auth required pam_wheel.so use_uid group=nosuch"), Raw(GROUPS))
    assert missing.message == "su is limited to the group nosuch, which does not exist"
    wheel = run(evaluate, su("auth required pam_wheel.so use_uid"), Raw(GROUPS))
    assert wheel.message == "su is open to members of wheel not approved: ana"
    no_wheel = Raw(GROUPS.replace("wheel:x:10:ana\n", ""))
    root_group = run(evaluate, su("auth requisite pam_wheel.so use_uid"), no_wheel)
    assert root_group.message == "su is limited to the group root, which has no members"


def test_included_stack_counts(evaluate):
    text = (
        "\036SEC files\n\036FILE 644 root root 80 /etc/pam.d/su\nauth include system-auth\n"
        "\036FILE 644 root root 80 /etc/pam.d/system-auth\n"
        "auth required pam_wheel.so use_uid group=sugroup\n"
    )
    assert run(evaluate, Raw(text), Raw(GROUPS)).status == "pass"


def test_error_without_su_service(evaluate):
    text = "\036SEC files\n\036FILE 644 root root 80 /etc/pam.d/login\nauth required pam_unix.so\n"
    outcome = run(evaluate, Raw(text), Raw(GROUPS))
    assert outcome.status == "error"
    assert "/etc/pam.d/su was not found" in outcome.message
