from auditor.facts.base import Raw


def test_passes_on_debian_and_rhel(evaluate):
    outcome = evaluate("shadow_file_permissions", accounts="accounts/debian12_lab.txt")
    assert outcome.status == "pass"
    assert "/etc/shadow 0640 root:shadow" in outcome.evidence
    rhel = evaluate("shadow_file_permissions", accounts="accounts/rhel9.txt")
    assert rhel.status == "pass"
    assert "/etc/shadow 0000 root:root" in rhel.evidence


def test_fails_on_readable_shadow_and_writable_passwd(evaluate):
    outcome = evaluate("shadow_file_permissions", accounts="accounts/debian12_files_open.txt")
    assert outcome.status == "fail"
    assert "/etc/shadow mode 0644 (at most 0640)" in outcome.message
    assert "/etc/passwd mode 0664 (at most 0644)" in outcome.message
    assert "/etc/passwd owned by root:adm" in outcome.message


def test_error_when_modes_missing(evaluate):
    raw = Raw("\036SEC passwd\nroot:x:0:0:root:/root:/bin/bash\n")
    assert evaluate("shadow_file_permissions", accounts=raw).status == "error"


def test_shells_and_opasswd_are_judged(evaluate):
    good = evaluate("shadow_file_permissions", accounts="accounts/debian12_baseline.txt")
    assert good.status == "pass"
    assert "/etc/security/opasswd 0600 root:root" in good.evidence
    assert "/etc/shells 0644 root:root" in good.evidence
    bad = evaluate("shadow_file_permissions", accounts="accounts/debian12_misconfigured.txt")
    assert bad.status == "fail"
    assert "/etc/shells mode 0666 (at most 0644)" in bad.message
    assert "/etc/security/opasswd mode 0644 (at most 0600)" in bad.message
