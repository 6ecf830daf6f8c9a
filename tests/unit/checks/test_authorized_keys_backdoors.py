from auditor.facts.base import FactError

CHECK = "authorized_keys_backdoors"
INTRUDER = "SHA256:FIw5NBcOktTWBx4oWiz+kTMsm8DOU/Bs1kh/+1LV1Io"
OPS = "SHA256:WhmWR8hb0nCwaexE/FOCRYfK8z0tnluImFWSrFl7Ko4"


def run(
    evaluate, keys, accounts="debian12_lab", params=None, sshd="sshd/debian12_lab_baseline.txt"
):
    return evaluate(
        CHECK,
        params,
        ssh_user_keys=f"ssh_user_keys/{keys}.txt",
        accounts=f"accounts/{accounts}.txt",
        sudoers="sudoers/debian12_lab_dirs.txt",
        sshd=sshd,
    )


def test_passes_on_lab_baseline(evaluate):
    outcome = run(evaluate, "debian12_lab_admin")
    assert outcome.status == "pass"
    assert outcome.message.startswith("1 key(s) of 2 administrator account(s) in 1 file(s)")
    assert "administrators: auditor, root" in outcome.evidence


def test_forced_command_environment_and_second_key_file_fail(evaluate):
    outcome = run(evaluate, "debian12_backdoor_keys", "debian12_lab_ops")
    assert outcome.status == "fail"
    assert outcome.message.startswith("3 back door(s) among the administrators' SSH keys")
    text = "\n".join(outcome.evidence)
    assert "(forced command /usr/local/bin/.sysd)" in text
    assert "(option environment=LD_PRELOAD=/var/tmp/.l.so)" in text
    assert "auditor: 1 key(s) in /home/auditor/.ssh/authorized_keys2" in text
    # ops is no administrator: its rrsync key is not judged
    assert "ops:" not in text


def test_approved_command_and_key_files(evaluate):
    params = {
        "allowed_commands": ["/usr/local/bin/.sysd"],
        "forbidden_options": [],
        "key_files": ["%h/.ssh/authorized_keys", ".ssh/authorized_keys2"],
    }
    outcome = run(evaluate, "debian12_backdoor_keys", "debian12_lab_ops", params)
    assert outcome.status == "pass"


def test_keys_outside_the_approved_list(evaluate):
    outcome = run(evaluate, "debian12_lab_admin", params={"allowed_keys": {"auditor": [INTRUDER]}})
    assert outcome.status == "fail"
    assert "not among the approved keys of auditor" in outcome.message
    approved = {"auditor": [OPS.removeprefix("SHA256:")], "root": []}
    assert run(evaluate, "debian12_lab_admin", params={"allowed_keys": approved}).status == "pass"


def test_sudo_group_members_are_administrators(evaluate):
    params = {"admin_groups": ["ops"]}
    outcome = run(evaluate, "debian12_backdoor_keys", "debian12_lab_ops", params)
    assert "ops: 256-bit ssh-ed25519" in outcome.message
    assert "(forced command /usr/bin/rrsync -ro /srv)" in outcome.message


def test_keys_command_fails_unless_allowed(evaluate):
    sshd = {"authorizedkeysfile": [".ssh/authorized_keys"], "authorizedkeyscommand": ["/tmp/k %u"]}
    outcome = run(evaluate, "debian12_lab_admin", sshd=sshd)
    assert outcome.status == "fail"
    assert "sshd asks a program for keys: /tmp/k %u" in outcome.message
    params = {"allowed_key_commands": ["/usr/bin/sss_ssh_authorizedkeys *"]}
    sshd["authorizedkeyscommand"] = ["/usr/bin/sss_ssh_authorizedkeys %u"]
    assert run(evaluate, "debian12_lab_admin", params=params, sshd=sshd).status == "pass"


def test_skip_without_sshd_and_error(evaluate):
    assert run(evaluate, "debian12_lab_admin", sshd=None).status == "skip"
    outcome = evaluate(
        CHECK,
        ssh_user_keys=FactError("needs root"),
        accounts="accounts/debian12_lab.txt",
        sudoers="sudoers/debian12_lab_dirs.txt",
        sshd="sshd/debian12_lab_baseline.txt",
    )
    assert outcome.status == "error"
