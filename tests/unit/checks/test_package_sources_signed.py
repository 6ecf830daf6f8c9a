from auditor.facts.base import FactError, Raw

CHECK = "package_sources_signed"


def test_debian_default_sources_pass(evaluate):
    outcome = evaluate(CHECK, pkg_sources="pkg_sources/debian12_deb822.txt")
    assert outcome.status == "pass"
    assert outcome.message == "2 enabled source(s), all signature-checked"


def test_trusted_and_insecure_settings_fail(evaluate):
    outcome = evaluate(CHECK, pkg_sources="pkg_sources/debian12_unsigned.txt")
    assert outcome.status == "fail"
    text = "\n".join(outcome.evidence)
    assert "repo.noibo.local" in text and "[trusted=yes]" in text
    assert "http://10.0.0.5/mirror" in text
    assert "10.0.0.6" not in text  # disabled source
    assert "old.local" not in text  # commented line
    assert "vendor.example" not in text
    assert 'APT::Get::AllowUnauthenticated "true"' in text
    assert outcome.message.startswith("3 package source(s) or setting(s)")


def test_rhel_signed(evaluate):
    assert evaluate(CHECK, pkg_sources="pkg_sources/rhel9_signed.txt").status == "pass"


def test_rhel_gpgcheck_off_and_unset(evaluate):
    outcome = evaluate(CHECK, pkg_sources="pkg_sources/rhel9_gpgcheck_off.txt")
    assert outcome.status == "fail"
    text = "\n".join(outcome.evidence)
    assert "/etc/yum.repos.d/noibo.repo: [noibo-tools] gpgcheck=0" in outcome.evidence
    assert "[noibo-extra] gpgcheck=(main), unset in [main] too: off by default" in text
    assert "rhel-9-for-x86_64" not in text


def test_skip_without_package_manager(evaluate):
    assert evaluate(CHECK, pkg_sources=Raw("\036SEC manager none\n")).status == "skip"


def test_error_on_empty_output(evaluate):
    assert evaluate(CHECK, pkg_sources=Raw("")).status == "error"
    assert evaluate(CHECK, pkg_sources=FactError("timed out")).status == "error"
