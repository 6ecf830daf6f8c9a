from auditor.facts.base import FactError, Raw


def profile_d(text: str) -> Raw:
    return Raw(f"\036FILE 644 root root {len(text)} /etc/profile.d/tmout.sh\n{text}\n")


def test_hardened_passes(evaluate):
    outcome = evaluate("shell_idle_timeout", shell_init="shell_init/debian12_hardened.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("/etc/profile.d/tmout.sh:2: TMOUT=900",)


def test_debian_default_not_set(evaluate):
    outcome = evaluate("shell_idle_timeout", shell_init="shell_init/debian12_default.txt")
    assert outcome.status == "fail"
    assert "TMOUT is not set" in outcome.message


def test_rhel_too_long_and_not_readonly(evaluate):
    outcome = evaluate("shell_idle_timeout", shell_init="shell_init/rhel9_weak.txt")
    assert outcome.status == "fail"
    assert "/etc/profile.d/tmout.sh:2:" in outcome.message
    outcome = evaluate(
        "shell_idle_timeout", {"max_seconds": 1800}, shell_init="shell_init/rhel9_weak.txt"
    )
    assert outcome.status == "fail"
    assert "not read-only" in outcome.message


def test_one_line_forms(evaluate):
    ok = profile_d("readonly TMOUT=600; export TMOUT")
    assert evaluate("shell_idle_timeout", shell_init=ok).status == "pass"
    ok = profile_d("declare -rx TMOUT=300")
    assert evaluate("shell_idle_timeout", shell_init=ok).status == "pass"
    zero = profile_d("readonly TMOUT=0\nexport TMOUT")
    assert evaluate("shell_idle_timeout", shell_init=zero).status == "fail"
    not_exported = profile_d("TMOUT=900\nreadonly TMOUT")
    outcome = evaluate("shell_idle_timeout", shell_init=not_exported)
    assert outcome.status == "fail"
    assert "not exported" in outcome.message
    commented = profile_d("# readonly TMOUT=600; export TMOUT")
    assert evaluate("shell_idle_timeout", shell_init=commented).status == "fail"


def test_error(evaluate):
    assert evaluate("shell_idle_timeout", shell_init=FactError("x")).status == "error"
