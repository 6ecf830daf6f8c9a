"""Parser of the pam collector."""

from pathlib import Path

from auditor.facts.base import Raw
from auditor.facts.pam import parse_pam

DATA = Path(__file__).resolve().parents[2] / "data" / "facts" / "pam"


def load(name: str):
    return parse_pam(Raw((DATA / name).read_text(encoding="utf-8")))


def test_debian_stack_rules():
    pam = load("debian12_lab_baseline.txt")
    assert pam.stacks("auth") == ("/etc/pam.d/common-auth",)
    rules = pam.rules("/etc/pam.d/common-auth", "auth")
    assert [r.module for r in rules][:3] == ["pam_faillock.so", "pam_unix.so", "pam_faillock.so"]
    assert rules[1].control == "[success=2 default=ignore]"
    assert rules[0].arg("deny") == "5" and rules[0].arg("preauth") == ""
    assert rules[0].arg("x") is None


def test_rhel_links_map_back_to_pam_d():
    pam = load("rhel9_hardened.txt")
    assert pam.stacks("password") == ("/etc/pam.d/system-auth", "/etc/pam.d/password-auth")
    assert "/etc/authselect/system-auth" not in pam.files
    session = pam.rules("/etc/pam.d/system-auth", "session")
    assert "pam_systemd.so" in [r.module for r in session]  # "-session" lines


def test_rhel7_authconfig_links_and_faillock_args():
    pam = load("rhel7_authconfig_faillock.txt")
    assert pam.stacks("auth") == ("/etc/pam.d/system-auth", "/etc/pam.d/password-auth")
    assert "/etc/pam.d/system-auth-ac" not in pam.files
    faillock = [r for r in pam.rules("/etc/pam.d/password-auth", "auth") if "faillock" in r.module]
    assert [r.control for r in faillock] == ["required", "[default=die]"]
    assert faillock[1].arg("authfail") == "" and faillock[1].arg("deny") == "4"
    pwquality = pam.rules("/etc/pam.d/system-auth", "password")[0]
    assert pwquality.arg("authtok_type") == ""


def test_conf_order_and_globs():
    pam = load("rhel9_hardened.txt")
    conf = pam.conf("/etc/security/pwquality.conf.d/*.conf", "/etc/security/pwquality.conf")
    assert conf["minlen"].value == "14"
    assert conf["minlen"].where == "/etc/security/pwquality.conf.d/50-cis.conf: minlen = 14"


def test_continuation_and_comments():
    text = (
        "\036FILE 644 root root 1 /etc/pam.d/common-password\n"
        "# password requisite pam_deny.so\n"
        "password requisite pam_pwquality.so \\\n  minlen=14 # trailing\n"
    )
    rules = parse_pam(Raw(text)).rules("/etc/pam.d/common-password", "password")
    assert len(rules) == 1 and rules[0].args == ("minlen=14",)
