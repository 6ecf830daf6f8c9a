"""Parsers of the logging collectors (log_*), syslog and logrotate readers, and their shell."""

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import FactError, FileDump, Raw
from auditor.facts.log_audit import parse_audit, parse_audit_rule
from auditor.facts.log_files import parse_log_files
from auditor.facts.log_journald import parse_journald
from auditor.facts.log_syslog import parse_syslog
from auditor.facts.log_time import parse_time
from auditor.facts.process_list import Process, parse_process_list, running
from auditor.parsers.logrotate import parse_logrotate, rule_for, timespan_seconds
from auditor.parsers.syslog import (
    FACILITIES,
    rsyslog_rules,
    rsyslog_statements,
    selector_facilities,
    syslog_ng_rules,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"
MINE = ("process_list", "log_syslog", "log_journald", "log_logrotate", "log_files", "log_audit")


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def files(contents: dict[str, str]) -> dict[str, FileDump]:
    return {
        path: FileDump(0o644, "root", "root", "f", path, 0, text) for path, text in contents.items()
    }


def test_daemons_from_ps_and_proc():
    lab = parse_process_list(recorded("process_list/debian12_lab.txt"))
    assert Process(31, "root", "rsyslogd", "/usr/sbin/rsyslogd -n -iNONE") in lab
    proc = parse_process_list(recorded("process_list/busybox_proc.txt"))
    assert [p.comm for p in proc] == ["init", "kthreadd", "syslogd", "ntpd"]
    with pytest.raises(FactError):
        parse_process_list(Raw(""))


def test_process_names():
    journald = Process(233, "root", "systemd-journal", "/lib/systemd/systemd-journald")
    sshd = Process(118, "root", "sshd", "sshd: auditor [priv]")
    kernel = Process(30, "root", "kauditd", "[kauditd]")
    assert running([journald, sshd, kernel], ["systemd-journald", "sshd"]) == [journald, sshd]
    assert not running([kernel], ["auditd"])


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("auth,authpriv.*", {"auth", "authpriv"}),
        ("*.*;auth,authpriv.none", FACILITIES - {"auth", "authpriv"}),
        ("*.info;mail.none;authpriv.none;cron.none", FACILITIES - {"mail", "authpriv", "cron"}),
        ("auth.notice", set()),
        ("auth.=info", {"auth"}),
        ("security.*", {"auth"}),
        ("*.*;auth.!info", FACILITIES - {"auth"}),
        ("*.emerg", set()),
    ],
)
def test_selector_facilities(selector, expected):
    assert selector_facilities(selector) == frozenset(expected)


def test_rsyslog_statements_join_and_blocks():
    text = (
        "# comment\n"
        'module(load="imjournal"  # inline comment\n'
        '       StateFile="imjournal.state")\n'
        "*.* @@10.0.0.1:514 \\\n"
        "    ;RSYSLOG_ForwardFormat\n"
        "if $programname == 'sshd' then {\n"
        "  /var/log/sshd.log\n"
        "}\n"
    )
    assert rsyslog_statements(text) == [
        ('module(load="imjournal" StateFile="imjournal.state")', 0),
        ("*.* @@10.0.0.1:514  ;RSYSLOG_ForwardFormat", 0),
        ("if $programname == 'sshd' then", 0),
        ("/var/log/sshd.log", 1),
    ]


def test_rsyslog_targets():
    rules = rsyslog_rules(
        files(
            {
                "/etc/rsyslog.conf": "*.* @(o,z9)10.0.0.1\n"
                "auth.* :omrelp:10.0.0.2:2514\n"
                "kern.* ?DynKern\n"
                '*.* action(type="omfile" file="/var/log/all.log")\n'
                'action(type="omfwd" Target="10.0.0.3" Port="601" Protocol="TCP")\n'
                "*.emerg :omusrmsg:*\n"
            }
        )
    )
    assert [(r.kind, r.target) for r in rules] == [
        ("forward", "10.0.0.1 (udp)"),
        ("forward", "10.0.0.2:2514 (relp)"),
        ("file", "?DynKern"),
        ("file", "/var/log/all.log"),
        ("forward", "10.0.0.3:601 (tcp)"),
        ("other", ":omusrmsg:*"),
    ]
    assert rules[4].facilities == FACILITIES


def test_syslog_recorded_rhel_and_syslog_ng():
    rhel = parse_syslog(recorded("log_syslog/rhel9_rsyslog.txt"))
    secure = [r for r in rhel.rules if r.target == "/var/log/secure"]
    assert secure[0].facilities == frozenset({"authpriv"})
    assert not [r for r in rhel.rules if r.kind == "forward"]  # sample rule is commented out
    ng = parse_syslog(recorded("log_syslog/debian12_syslog_ng_remote.txt"))
    central = [r for r in ng.rules if r.kind == "forward"]
    assert [r.target for r in central] == ["10.10.1.20:6514 (tls)"]  # d_unused is in no log path
    assert central[0].facilities == FACILITIES
    syslog = [r for r in ng.rules if r.target == "/var/log/syslog"]
    assert syslog[0].facilities == FACILITIES - {"auth", "authpriv", "mail"}


def test_syslog_ng_unknown_filter():
    text = (
        'destination d_x { file("/var/log/x.log"); };\n'
        'filter f_prog { program("sshd"); };\n'
        "log { source(s_src); filter(f_prog); destination(d_x); };\n"
    )
    (rule,) = syslog_ng_rules(files({"/etc/syslog-ng/syslog-ng.conf": text}))
    assert rule.facilities is None and rule.kind == "file"


def test_syslog_only_installed_daemons_read():
    raw = recorded("log_syslog/debian12_rsyslog.txt")
    text = raw.stdout.replace("/usr/sbin/rsyslogd", "")
    assert parse_syslog(Raw(text)).rules == ()


def test_journald_merge_order():
    journald = parse_journald(recorded("log_journald/persistent_short.txt"))
    assert journald.settings["MaxRetentionSec"] == (
        "2week",
        "/etc/systemd/journald.conf.d/60-retention.conf",
    )
    assert journald.persistent
    assert not parse_journald(recorded("log_journald/not_installed.txt")).installed


def test_logrotate_order_globals_and_scripts():
    rules = parse_logrotate(
        files(
            {
                "/etc/logrotate.conf": "weekly\nrotate 4\ninclude /etc/logrotate.d\nmonthly\n",
                "/etc/logrotate.d/a": "/var/log/a.log\n/var/log/b.log\n{\n  rotate 10\n"
                "  postrotate\n    rotate 1\n  endscript\n}\n",
                "/etc/logrotate.d/b.dpkg-old": "/var/log/c.log { rotate 99 }\n",
                "/etc/logrotate.d/c": '"/var/log/c.log" { daily\n maxage 5\n size 10M\n}\n',
                "/etc/logrotate.d/sub/d": "/var/log/d.log { rotate 9 }\n",
            }
        )
    )
    assert [(r.patterns, r.rotate, r.period) for r in rules] == [
        (("/var/log/a.log", "/var/log/b.log"), 10, "weekly"),
        (("/var/log/c.log",), 4, "daily"),
    ]
    c = rule_for(rules, "/var/log/c.log")
    assert c is not None and c.days() == 4 and c.by_size
    assert rule_for(rules, "/var/log/none.log") is None


def test_logrotate_recorded():
    fact = load_collectors()["log_logrotate"].parse(recorded("log_logrotate/debian12_default.txt"))
    rule = rule_for(list(fact.rules), "/var/log/auth.log")
    assert rule is not None and rule.days() == 28 and rule.file == "/etc/logrotate.d/rsyslog"
    assert fact.installed and fact.scheduled_by


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("3600", 3600),
        ("1month", 2629800),
        ("2w 1d", 1296000),
        ("5m", 300),
        ("1M", 2629800),
        ("nonsense", None),
        ("", None),
        ("3 fortnights", None),
    ],
)
def test_timespans(text, seconds):
    assert timespan_seconds(text) == seconds


def test_log_files():
    logs = parse_log_files(recorded("log_files/debian12_default.txt"))
    wtmp = [f for f in logs if f.path == "/var/log/wtmp"]
    assert wtmp and wtmp[0].mode == 0o664 and wtmp[0].group == "utmp"
    assert parse_log_files(Raw("")) == ()
    with pytest.raises(FactError):
        parse_log_files(Raw("find: '/var/log': Permission denied"))


def test_audit_rule_parser():
    watch = parse_audit_rule("-w /etc/sudoers.d/ -p wa -k scope", "x")
    assert watch is not None and watch.paths == ("/etc/sudoers.d/",) and watch.perms == "wa"
    syscall = parse_audit_rule(
        "-a always,exit -F arch=b64 -S execve,execveat -C uid!=euid -F euid=0 -k setuid", "x"
    )
    assert syscall is not None and syscall.syscalls == ("execve", "execveat")
    assert syscall.fields == ("arch=b64", "euid=0")
    assert parse_audit_rule("-D", "x") is None
    assert parse_audit_rule("## comment", "x") is None


def test_audit_recorded():
    lab = parse_audit(recorded("log_audit/debian12_lab_files.txt"))
    assert lab.kernel_rules is None
    assert lab.kernel_error.startswith("Error sending rule list")
    assert lab.rule_files == (
        "/etc/audit/rules.d/50-identity.rules",
        "/etc/audit/rules.d/audit.rules",
    )
    assert len(lab.file_rules) == 9
    real = parse_audit(recorded("log_audit/debian12_no_rules.txt"))
    assert real.kernel_rules == () and real.config is not None
    assert real.config["max_log_file_action"] == "ROTATE"


def test_time_recorded():
    unsynced = parse_time(recorded("log_time/chrony_unsynced.txt"))
    assert unsynced.chrony is not None and unsynced.chrony["Leap status"] == "Not synchronised"
    assert unsynced.timedatectl is None
    none = parse_time(recorded("log_time/chrony_no_daemon.txt"))
    assert none.chrony is None and none.chrony_error == "506 Cannot talk to daemon"
    ntp = parse_time(recorded("log_time/ntpq_synced.txt"))
    assert ntp.ntpq_peers is not None and ntp.ntpq_peers[-1].startswith("*10.0.0.1")


@pytest.mark.parametrize("name", [*MINE, "log_time"])
def test_collector_shell_is_posix(name):
    script = load_collectors()[name].script
    for shell in ("dash", "busybox"):
        path = shutil.which(shell)
        if path is None:
            continue
        argv = [path, "sh", "-n"] if shell == "busybox" else [path, "-n"]
        result = subprocess.run(argv, input=script, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr


def test_rsyslog_create_modes_follow_reading_order():
    from auditor.parsers.syslog import rsyslog_create_modes

    found = rsyslog_create_modes(
        files(
            {
                "/etc/rsyslog.conf": "$FileCreateMode 0600\n"
                'include(file="/etc/rsyslog.d/*.conf")\n'
                "auth.* /var/log/auth.log\n",
                "/etc/rsyslog.d/10-app.conf": 'module(load="builtin:omfile" '
                'fileCreateMode="0640")\n'
                'local0.* action(type="omfile" file="/var/log/app.log" fileCreateMode="0666")\n'
                "local1.* /var/log/one.log\n",
                "/etc/rsyslog.d/ignored.txt": "$FileCreateMode 0777\n",
            }
        )
    )
    assert [(m.target, m.mode) for m in found] == [
        ("/var/log/app.log", "0666"),
        ("/var/log/one.log", "0640"),
        ("/var/log/auth.log", "0640"),
    ]
    assert found[0].where.startswith("/etc/rsyslog.d/10-app.conf: local0.* action(")
    assert rsyslog_create_modes(files({"/etc/rsyslog.conf": "*.* /var/log/all\n"}))[0].where == ""


def test_rsyslog_network_inputs():
    from auditor.parsers.syslog import rsyslog_inputs

    found = rsyslog_inputs(
        files(
            {
                "/etc/rsyslog.conf": 'module(load="imudp")\n'
                'input(type="imudp" port="514")\n'
                'input(type="imfile" File="/var/log/app.log" Tag="app")\n'
                "# $InputTCPServerRun 514\n"
                "$InputTCPServerRun 10514\n"
            }
        )
    )
    assert [i.text for i in found] == ['input(type="imudp" port="514")', "$InputTCPServerRun 10514"]


def test_journald_remote_units_and_upload_url():
    journald = parse_journald(recorded("log_journald/journal_upload.txt"))
    assert journald.upload_installed and journald.remote_installed
    assert journald.units == {
        "systemd-journal-upload.service": "enabled",
        "systemd-journal-remote.socket": "disabled",
        "systemd-journal-remote.service": "indirect",
    }
    assert journald.upload["URL"] == (
        "https://logs.so-tttt.gov.vn:19532",
        "/etc/systemd/journal-upload.conf",
    )
    lab = parse_journald(recorded("log_journald/debian12_lab.txt"))
    assert not lab.upload_installed and set(lab.units.values()) == {""}
    assert lab.defaults["ForwardToSyslog"] == "yes"
    assert lab.effective("Compress") == ("yes", "/etc/systemd/journald.conf.d/60-persistent.conf")
    assert lab.effective("Seal") == ("yes", "compiled-in default")
    assert lab.effective("Nothing", "x") == ("x", "default")


def test_audit_lock_from_files_and_kernel():
    locked = parse_audit(recorded("log_audit/debian12_lab_locked.txt"))
    assert locked.file_enabled == ("2", "/etc/audit/rules.d/99-finalize.rules: -e 2")
    assert locked.kernel_status is not None and locked.kernel_status["enabled"] == "0"
    assert locked.kernel_status["backlog_limit"] == "64"
    old = parse_audit(recorded("log_audit/debian12_lab_files.txt"))
    assert old.file_enabled is None and old.kernel_status is None
    procs = parse_process_list(recorded("process_list/debian12_lab.txt"))
    assert old.enabled_in_force(procs)[0] == ""


def test_running_tells_journald_from_its_uploader():
    journald = Process(233, "root", "systemd-journal", "/lib/systemd/systemd-journald")
    upload = Process(350, "root", "systemd-journal", "/lib/systemd/systemd-journal-upload")
    unknown = Process(351, "root", "systemd-journal", "")
    sshd = Process(23, "root", "sshd", "sshd: /usr/sbin/sshd -D [listener]")
    procs = [journald, upload, unknown, sshd]
    assert running(procs, ["systemd-journal-upload"]) == [upload, unknown]
    assert running(procs, ["systemd-journald"]) == [journald, unknown]
    assert running(procs, ["sshd"]) == [sshd]


def test_logging_method():
    from auditor.parsers.logs import logging_method

    syslog = parse_syslog(recorded("log_syslog/debian12_rsyslog.txt"))
    none = parse_syslog(recorded("log_syslog/none.txt"))
    journald = parse_journald(recorded("log_journald/debian12_lab.txt"))
    absent = parse_journald(recorded("log_journald/not_installed.txt"))
    lab = parse_process_list(recorded("process_list/debian12_lab.txt"))
    alone = parse_process_list(recorded("process_list/debian12_journald_only.txt"))
    bare = parse_process_list(recorded("process_list/debian12_lab_bare.txt"))
    assert logging_method(lab, syslog, journald) == ("rsyslogd", "rsyslogd is running")
    assert logging_method(alone, syslog, journald)[0] == "journald"
    assert logging_method(bare, syslog, journald) == (
        "rsyslogd",
        "rsyslogd is installed (not running)",
    )
    assert logging_method(bare, none, journald)[0] == "journald"
    assert logging_method(bare, none, absent)[0] == ""
