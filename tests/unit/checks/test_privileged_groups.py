from auditor.facts.base import FactError


def test_passes_on_the_lab_baseline_and_rhel(evaluate):
    outcome = evaluate("privileged_groups", accounts="accounts/debian12_baseline.txt")
    assert outcome.status == "pass"
    assert outcome.message == "GID 0 is only root's and shadow has no member"
    assert evaluate("privileged_groups", accounts="accounts/rhel9.txt").status == "pass"


def test_fails_on_gid0_account_second_gid0_group_and_shadow_member(evaluate):
    outcome = evaluate("privileged_groups", accounts="accounts/debian12_misconfigured.txt")
    assert outcome.status == "fail"
    assert outcome.message == (
        "privileged groups given out: primary group GID 0: opsbackup; "
        "groups other than root with GID 0: toorgrp; group shadow has members: auditor"
    )
    assert "/etc/passwd: opsbackup:x:1001:0::/home/opsbackup:/usr/sbin/nologin" in outcome.evidence
    assert "/etc/group: shadow:x:42:auditor" in outcome.evidence


def test_allowed_gid0_users_are_a_parameter(evaluate):
    params = {"gid0_users": ["root", "opsbackup"], "empty_groups": []}
    outcome = evaluate("privileged_groups", params, accounts="accounts/debian12_misconfigured.txt")
    assert (
        outcome.message == "privileged groups given out: groups other than root with GID 0: toorgrp"
    )


def test_error_when_passwd_unreadable(evaluate):
    assert evaluate("privileged_groups", accounts=FactError("x")).status == "error"
