from auditor.facts.base import FactError, Raw

DEBIAN = Raw('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')
RHEL = Raw('PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"\nID="rhel"\nID_LIKE="fedora"\n')
BANNER_SSHD = Raw("banner /etc/issue.net\n")


def test_hardened_passes(evaluate):
    outcome = evaluate(
        "login_banner",
        sshd=BANNER_SSHD,
        login_banners="login_banners/debian12_hardened.txt",
        os_release=DEBIAN,
    )
    assert outcome.status == "pass"
    assert outcome.evidence[0] == "sshd banner /etc/issue.net"


def test_debian_default_no_banner_and_leaking_issue(evaluate):
    outcome = evaluate(
        "login_banner",
        sshd="sshd/network_debian12_default.txt",
        login_banners="login_banners/debian12_default.txt",
        os_release=DEBIAN,
    )
    assert outcome.status == "fail"
    assert "sshd shows no Banner" in outcome.message
    assert "/etc/issue.net reveals the system: Debian" in outcome.message


def test_rhel_issue_escapes(evaluate):
    outcome = evaluate(
        "login_banner",
        sshd=BANNER_SSHD,
        login_banners="login_banners/rhel9_default.txt",
        os_release=RHEL,
    )
    assert outcome.status == "fail"
    assert "/etc/issue.net reveals the system: \\S, Kernel" in outcome.message


def test_banner_file_missing(evaluate):
    outcome = evaluate(
        "login_banner",
        sshd=Raw("banner /etc/ssh/banner.txt\n"),
        login_banners="login_banners/debian12_hardened.txt",
        os_release=DEBIAN,
    )
    assert outcome.status == "fail"
    assert "/etc/ssh/banner.txt is missing or empty" in outcome.message


def test_skip_and_error(evaluate):
    common = {"login_banners": "login_banners/debian12_hardened.txt", "os_release": DEBIAN}
    assert evaluate("login_banner", sshd=Raw("NO-SSHD\n"), **common).status == "skip"
    assert evaluate("login_banner", sshd=FactError("needs root"), **common).status == "error"
