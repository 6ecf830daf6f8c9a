from auditor.facts.base import FactError, Raw

CHECK = "sudo_settings"


def sudoers(*lines: str) -> Raw:
    body = "\n".join(lines)
    return Raw(f"\036FILE 440 root root {len(body)} /etc/sudoers\n{body}\n")


def test_a_hardened_debian_passes(evaluate):
    outcome = evaluate(CHECK, sudoers="sudoers/debian12_hardened.txt")
    assert outcome.status == "pass", outcome.message
    assert "logs to /var/log/sudo.log and asks again after 15 minutes" in outcome.message


def test_debians_default_keeps_no_log_of_its_own(evaluate):
    outcome = evaluate(CHECK, sudoers="sudoers/debian12_default.txt")
    assert outcome.status == "fail"
    assert "no logfile" in outcome.message and "use_pty" not in outcome.message


def test_negated_flags_long_timeouts_and_scoped_defaults(evaluate):
    assert evaluate(CHECK, sudoers=sudoers(
        "Defaults use_pty", 'Defaults logfile="/var/log/sudo.log"', "Defaults !use_pty",
    )).message.find("use_pty is not set") >= 0  # fmt: skip
    never = evaluate(CHECK, sudoers=sudoers(
        "Defaults use_pty", "Defaults logfile=/var/log/sudo.log", "Defaults timestamp_timeout=-1",
    ))  # fmt: skip
    assert never.status == "fail" and "timestamp_timeout is -1" in never.message
    scoped = evaluate(CHECK, sudoers=sudoers(
        "Defaults:alice use_pty", "Defaults logfile=/var/log/sudo.log",
    ))  # fmt: skip
    assert scoped.status == "fail" and "use_pty is not set" in scoped.message


def test_no_sudo_fails_and_an_unreadable_sudoers_is_an_error(evaluate):
    assert evaluate(CHECK, sudoers=Raw("NO-SUDOERS\n")).status == "fail"
    assert evaluate(CHECK, sudoers=FactError("needs root")).status == "error"
