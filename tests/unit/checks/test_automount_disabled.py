from auditor.facts.base import FactError, Target

TERMINAL = Target("pc1", "10.1.2.3", role="terminal")


def run(evaluate, data):
    return evaluate("automount_disabled", target=TERMINAL, automount=data)


def test_no_desktop_no_autofs_passes(evaluate):
    outcome = run(evaluate, "automount/debian12_machine.txt")
    assert outcome.status == "pass"
    assert "no GNOME desktop" in outcome.message


def test_gnome_defaults_fail(evaluate):
    outcome = run(evaluate, "automount/debian12_gnome_default.txt")
    assert outcome.status == "fail"
    assert "automount=false" in outcome.message


def test_gnome_locked_passes(evaluate):
    outcome = run(evaluate, "automount/debian12_gnome_locked.txt")
    assert outcome.status == "pass"
    assert "/etc/dconf/db/local.d/00-media-handling:2: automount=false" in outcome.evidence


def test_autofs_enabled_and_running(evaluate):
    outcome = run(evaluate, "automount/rhel9_autofs.txt")
    assert outcome.status == "fail"
    assert "autofs.service is enabled at boot" in outcome.message
    assert "automounter automount is running" in outcome.message


def test_skip_on_server_and_error(evaluate):
    assert evaluate("automount_disabled", automount="automount/rhel9_autofs.txt").status == "skip"
    assert run(evaluate, FactError("x")).status == "error"
