from auditor.facts.base import FactError

CHECK = "log_file_permissions"
RSYSLOG = "log_syslog/debian12_rsyslog.txt"


def test_hardened_modes_pass(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, log_files="log_files/debian12_hardened.txt")
    assert outcome.status == "pass"
    assert outcome.message.startswith("11 file(s) under /var/log")


def test_world_readable_and_writable_listed(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, log_files="log_files/debian12_world_readable.txt")
    assert outcome.status == "fail"
    assert outcome.message == "log files too open: 4 of 13 file(s) under /var/log too open"
    assert "/var/log/auth.log 0644 root:adm (world-readable)" in outcome.evidence
    debug = "/var/log/app/debug.log 0666 root:root"
    assert f"{debug} (world-writable, world-readable, writable by group root)" in outcome.evidence
    assert (
        "/var/log/app/access.log 0660 root:www-data (writable by group www-data)"
        in outcome.evidence
    )


def test_debian_defaults_flag_package_logs(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, log_files="log_files/debian12_default.txt")
    assert outcome.status == "fail"
    assert "/var/log/dpkg.log 0644 root:root (world-readable)" in outcome.evidence
    assert not any("wtmp" in line or "btmp" in line for line in outcome.evidence)


def test_allow_list_parameter(evaluate):
    params = {"world_readable_allowed": ["wtmp*", "lastlog", "dnf*.log", "hawkey.log"]}
    assert (
        evaluate(CHECK, params, log_syslog=RSYSLOG, log_files="log_files/rhel9_default.txt").status
        == "pass"
    )
    assert (
        evaluate(CHECK, log_syslog=RSYSLOG, log_files="log_files/rhel9_default.txt").status
        == "fail"
    )


def test_error_without_root(evaluate):
    outcome = evaluate(
        CHECK, log_syslog=RSYSLOG, log_files=FactError("needs root privileges (no sudo)")
    )
    assert outcome.status == "error"
    assert "needs root" in outcome.message


def test_rsyslog_creates_files_0640(evaluate):
    outcome = evaluate(CHECK, log_syslog=RSYSLOG, log_files="log_files/debian12_hardened.txt")
    assert (
        "rsyslog creates /var/log/auth.log with mode 0640 "
        "(/etc/rsyslog.conf: $FileCreateMode 0640)" in outcome.evidence
    )


def test_a_later_file_create_mode_widens_the_files_after_it(evaluate):
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/debian12_create_mode_0644.txt",
        log_files="log_files/debian12_hardened.txt",
    )
    assert outcome.status == "fail"
    assert outcome.message == (
        "log files too open: rsyslog creates 6 log file(s) with a mode above 0640"
    )
    # read through $IncludeConfig: the drop-in comes after rsyslog.conf's 0640, before its rules
    drop_in = "/etc/rsyslog.d/00-lab-mode.conf: $FileCreateMode 0644"
    assert f"rsyslog creates /var/log/auth.log with mode 0644 ({drop_in})" in outcome.evidence
    assert (
        evaluate(
            CHECK,
            {"max_create_mode": "0644"},
            log_syslog="log_syslog/debian12_create_mode_0644.txt",
            log_files="log_files/debian12_hardened.txt",
        ).status
        == "pass"
    )


def test_rsyslog_default_mode_when_unset(evaluate):
    outcome = evaluate(
        CHECK,
        log_syslog="log_syslog/rhel9_rsyslog.txt",
        log_files="log_files/debian12_hardened.txt",
    )
    assert outcome.status == "fail"
    assert any("with mode 0644 (rsyslog's default)" in line for line in outcome.evidence)


def test_bad_limit_parameter(evaluate):
    outcome = evaluate(
        CHECK, {"max_create_mode": "0x1A"}, log_syslog=RSYSLOG, log_files="log_files/empty.txt"
    )
    assert outcome.status == "error"
