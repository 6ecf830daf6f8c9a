from auditor.facts.base import FactError, Raw

HARDENED = (
    "disableforwarding yes\ngssapiauthentication no\nhostbasedauthentication no\n"
    "ignorerhosts yes\npermituserenvironment no\nusepam yes\nlogingracetime 30\n"
    "maxsessions 4\nmaxstartups 5:50:20\nRC 0\n"
)


def test_debians_defaults_fail_on_forwarding_grace_time_and_startups(evaluate):
    outcome = evaluate("ssh_hardened_settings", sshd="sshd/debian12_default.txt")
    assert outcome.status == "fail"
    assert outcome.message.startswith("3 sshd setting(s) weaker than required")
    for part in (
        "disableforwarding is no, expected yes",
        "logingracetime is 120, expected <=60",
        "maxstartups is 10:30:100, expected <=10:30:60",
    ):
        assert part in outcome.message, part


def test_stricter_values_pass_and_looser_ones_fail(evaluate):
    assert evaluate("ssh_hardened_settings", sshd=Raw(HARDENED)).status == "pass"
    for loose in ("logingracetime 0", "maxstartups 10:20:60", "maxstartups 20", "maxsessions 11",
                  "permituserenvironment yes", "usepam no"):  # fmt: skip
        key = loose.split()[0]
        text = "\n".join(x for x in HARDENED.splitlines() if not x.startswith(key)) + f"\n{loose}\n"
        outcome = evaluate("ssh_hardened_settings", sshd=Raw(text.replace("RC 0\n", "") + "RC 0\n"))
        assert outcome.status == "fail", loose


def test_no_sshd_is_a_skip_and_a_missing_fact_an_error(evaluate):
    assert evaluate("ssh_hardened_settings", sshd=Raw("NO-SSHD\n")).status == "skip"
    assert evaluate("ssh_hardened_settings", sshd=FactError("needs root")).status == "error"
