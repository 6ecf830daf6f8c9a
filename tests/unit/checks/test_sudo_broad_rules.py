from auditor.facts.base import FactError, Raw, Target

LAB = Target("lab1", "127.0.10.1", user="auditor")


def run(evaluate, sudoers, accounts="debian12_lab", params=None, target=LAB):
    return evaluate(
        "sudo_broad_rules",
        params,
        target=target,
        sudoers=f"sudoers/{sudoers}.txt",
        accounts=f"accounts/{accounts}.txt",
    )


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, "debian12_lab")
    assert outcome.status == "pass"
    assert outcome.message == (
        "only approved principals may run anything as root: %sudo, auditor, root"
    )
    assert outcome.evidence == ("%sudo members: none",)


def test_rhel_lists_wheel_members(evaluate):
    outcome = run(evaluate, "rhel9", "rhel9", target=Target("h", "10.0.0.1", user="ansible"))
    assert outcome.status == "pass"
    assert outcome.evidence == ("%wheel members: nguyenvana",)


def test_fails_on_personal_full_rule(evaluate):
    outcome = run(evaluate, "debian12_deploy")
    assert outcome.status == "fail"
    assert outcome.message == "full root rights outside the approved list: deploy (ALL)"


def test_shells_and_runas_aliases_count(evaluate):
    outcome = run(evaluate, "debian12_complex")
    assert outcome.status == "fail"
    assert "%webteam (/bin/bash)" in outcome.message
    assert "levanc (/usr/bin/zsh)" in outcome.message
    assert "levanc (ALL)" in outcome.message
    assert "%dba" not in outcome.message  # runs as postgres only
    assert "backup" not in outcome.message  # named commands only


def test_approved_list_is_a_parameter(evaluate):
    params = {"approved": ["root", "%sudo", "deploy"]}
    assert run(evaluate, "debian12_deploy", params=params).status == "pass"


def test_skip_and_error(evaluate):
    assert (
        evaluate(
            "sudo_broad_rules", sudoers=Raw("NO-SUDOERS\n"), accounts="accounts/debian12_lab.txt"
        ).status
        == "skip"
    )
    assert (
        evaluate(
            "sudo_broad_rules",
            sudoers=FactError("needs root"),
            accounts="accounts/debian12_lab.txt",
        ).status
        == "error"
    )
