from auditor.facts.base import FactError, Raw


def test_nothing_preloaded_on_a_clean_debian(evaluate):
    outcome = evaluate("preloaded_libraries", ld_preload="ld_preload/debian12_none.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("no library is preloaded into every program")


def test_an_unpackaged_library_and_an_environment_preload_fail(evaluate):
    outcome = evaluate("preloaded_libraries", ld_preload="ld_preload/debian12_rootkit.txt")
    assert outcome.status == "fail"
    assert (
        "/usr/local/lib/libprocesshider.so (in no package, mode 755, owner root)" in outcome.message
    )
    assert "libc.so.6 = /lib/x86_64-linux-gnu/libc.so.6 (package libc6" in outcome.message
    assert "LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libeatmydata.so" in outcome.message
    # words that name no library are shown, not judged: ld.so ignores them
    assert "added (no such library: ignored by ld.so)" in "\n".join(outcome.evidence)
    assert "added" not in outcome.message.split(":", 1)[1]


def test_approved_libraries_pass_but_a_login_wide_ld_preload_does_not(evaluate):
    raw = Raw(
        "\036SEC files\n\036FILE 644 root root 30 /etc/ld.so.preload\n/opt/edr/lib/libedr.so\n\n"
        "\036SEC libraries\n/opt/edr/lib/libedr.so\t/opt/edr/lib/libedr.so\t644 root\tedr-agent\n"
    )
    params = {"approved": ["/opt/edr/lib/*.so"]}
    outcome = evaluate("preloaded_libraries", params, ld_preload=raw)
    assert outcome.status == "pass" and "/opt/edr/lib/libedr.so" in outcome.message
    rootkit = evaluate("preloaded_libraries", params, ld_preload="ld_preload/debian12_rootkit.txt")
    assert rootkit.status == "fail"


def test_error(evaluate):
    outcome = evaluate("preloaded_libraries", ld_preload=FactError("cannot read"))
    assert outcome.status == "error"
