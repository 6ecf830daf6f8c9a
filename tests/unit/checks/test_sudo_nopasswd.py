from auditor.facts.base import FactError, Raw, Target

LAB = Target("lab1", "127.0.10.1", user="auditor")


def test_passes_with_scanner_exempt(evaluate):
    outcome = evaluate("sudo_nopasswd", target=LAB, sudoers="sudoers/debian12_lab.txt")
    assert outcome.status == "pass"
    assert "auditor" in outcome.message


def test_scanner_rule_fails_for_another_scanner(evaluate):
    outcome = evaluate("sudo_nopasswd", sudoers="sudoers/debian12_lab.txt")
    assert outcome.status == "fail"


def test_fails_on_deploy_rule(evaluate):
    outcome = evaluate("sudo_nopasswd", target=LAB, sudoers="sudoers/debian12_deploy.txt")
    assert outcome.status == "fail"
    assert outcome.message == "sudo without a password for: deploy NOPASSWD"
    assert outcome.evidence == ("/etc/sudoers.d/deploy:1: deploy ALL=(ALL) NOPASSWD: ALL",)


def test_cloud_image_and_rhel_automation_accounts(evaluate):
    cloud = evaluate("sudo_nopasswd", sudoers="sudoers/debian12_cloud.txt")
    rule = "/etc/sudoers.d/90-cloud-init-users:4: debian ALL=(ALL) NOPASSWD:ALL"
    assert cloud.evidence == (rule,)
    rhel = evaluate("sudo_nopasswd", sudoers="sudoers/rhel9.txt")
    assert rhel.message == "sudo without a password for: ansible NOPASSWD"
    exempt = evaluate("sudo_nopasswd", {"exempt_users": ["ansible"]}, sudoers="sudoers/rhel9.txt")
    assert exempt.status == "pass"


def test_aliases_tags_and_authenticate_defaults(evaluate):
    outcome = evaluate("sudo_nopasswd", target=LAB, sudoers="sudoers/debian12_complex.txt")
    assert outcome.status == "fail"
    assert "%webteam,levanc NOPASSWD" in outcome.message
    assert "backup NOPASSWD" in outcome.message
    assert "monitor NOPASSWD" in outcome.message
    assert "Defaults !authenticate" in outcome.message
    assert "/etc/sudoers.d/50-unit:8: Defaults:OPERATORS !authenticate" in outcome.evidence
    assert "everyone" not in outcome.message  # old.bak is skipped by sudo


def test_skip_and_error(evaluate):
    assert evaluate("sudo_nopasswd", sudoers=Raw("NO-SUDOERS\n")).status == "skip"
    assert evaluate("sudo_nopasswd", sudoers=FactError("needs root")).status == "error"
