from auditor.facts.base import FactError, Raw

CHECK = "sshd_log_level"


def test_verbose_passes(evaluate):
    outcome = evaluate(CHECK, sshd="sshd/hardened.txt")
    assert outcome.status == "pass"
    assert outcome.evidence == ("loglevel VERBOSE",)


def test_info_fails_unless_allowed(evaluate):
    raw = Raw("loglevel INFO\n")
    outcome = evaluate(CHECK, sshd=raw)
    assert outcome.status == "fail"
    assert outcome.message == "sshd LogLevel is INFO; allowed: VERBOSE"
    assert evaluate(CHECK, {"allowed": ["VERBOSE", "INFO"]}, sshd=raw).status == "pass"


def test_error_and_skip(evaluate):
    assert evaluate(CHECK, sshd=FactError("needs root privileges")).status == "error"
    assert evaluate(CHECK, sshd=Raw("NO-SSHD\n")).status == "skip"
