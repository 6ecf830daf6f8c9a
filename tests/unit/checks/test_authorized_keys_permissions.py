from auditor.facts.base import FactError


def test_passes_on_lab_baseline(evaluate):
    outcome = evaluate(
        "authorized_keys_permissions", ssh_user_keys="ssh_user_keys/debian12_lab.txt"
    )
    assert outcome.status == "pass"


def test_fails_on_group_writable_files(evaluate):
    outcome = evaluate(
        "authorized_keys_permissions", ssh_user_keys="ssh_user_keys/debian12_open_key_files.txt"
    )
    assert outcome.status == "fail"
    assert "ops: /home/ops/.ssh/authorized_keys mode 0664 writable by group/others" in (
        outcome.message
    )
    assert "ops: /home/ops/.ssh mode 0775 writable by group/others" in outcome.message
    assert "/home/ops/.ssh 0775 ops:ops" in outcome.evidence


def test_foreign_owner(evaluate):
    outcome = evaluate("authorized_keys_permissions", ssh_user_keys="ssh_user_keys/mixed.txt")
    assert outcome.status == "fail"
    assert "bob: /home/bob/.ssh mode 0775" in outcome.message
    assert "alice" not in outcome.message


def test_error_without_root(evaluate):
    outcome = evaluate("authorized_keys_permissions", ssh_user_keys=FactError("needs root"))
    assert outcome.status == "error"
