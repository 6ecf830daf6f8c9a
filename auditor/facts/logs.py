"""Logging facts: daemons, syslog, journald, logrotate, log file modes, auditd, time sync."""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.facts.base import FactError, FileDump, Raw, collector, sections, split_files
from auditor.facts.log_rotate import RotateRule, parse_logrotate
from auditor.facts.log_syslog import (
    CreateMode,
    SyslogInput,
    SyslogRule,
    rsyslog_create_modes,
    rsyslog_inputs,
    rsyslog_rules,
    syslog_ng_inputs,
    syslog_ng_rules,
)
from auditor.facts.process_list import PROCESSES, Process, parse_processes, running

# --- processes ---------------------------------------------------------------------------------


@collector("log_daemons", "cat", uses=PROCESSES)
def parse_daemons(raw: Raw) -> tuple[Process, ...]:
    """Processes visible on the host (pid, user, comm, command line), from ps or /proc."""
    return parse_processes(raw.stdout)


# --- syslog ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyslogConfig:
    """Installed syslog daemons, the rules of their configuration files, the modes rsyslog
    creates log files with and the inputs that receive logs from the network."""

    installed: tuple[str, ...]
    rules: tuple[SyslogRule, ...]
    files: tuple[str, ...]
    create_modes: tuple[CreateMode, ...] = ()
    inputs: tuple[SyslogInput, ...] = ()


SYSLOG_SCRIPT = r"""
sec installed
for b in rsyslogd syslog-ng syslogd; do command -v "$b" 2>/dev/null; done
sec files
dump_files /etc/rsyslog.conf /etc/rsyslog.d/*.conf /etc/syslog-ng/syslog-ng.conf \
  /etc/syslog-ng/conf.d/*.conf /etc/syslog.conf
"""


@collector("log_syslog", SYSLOG_SCRIPT)
def parse_syslog(raw: Raw) -> SyslogConfig:
    """rsyslog, syslog-ng or sysklogd: which are installed and where their rules send logs."""
    installed: list[str] = []
    files: dict[str, FileDump] = {}
    for name, _, lines in sections(raw.stdout):
        if name == "installed":
            installed = [posixpath.basename(x.strip()) for x in lines if x.strip()]
        elif name == "files":
            files = split_files("\n".join(lines))
    rsyslog = {p: d for p, d in files.items() if p.startswith("/etc/rsyslog")}
    syslog_ng = {p: d for p, d in files.items() if p.startswith("/etc/syslog-ng/")}
    sysklogd = {p: d for p, d in files.items() if p == "/etc/syslog.conf"}
    rules: list[SyslogRule] = []
    modes: list[CreateMode] = []
    inputs: list[SyslogInput] = []
    if "rsyslogd" in installed:
        rules += rsyslog_rules(rsyslog)
        modes += rsyslog_create_modes(rsyslog)
        inputs += rsyslog_inputs(rsyslog)
    if "syslog-ng" in installed:
        rules += syslog_ng_rules(syslog_ng)
        inputs += syslog_ng_inputs(syslog_ng)
    if "syslogd" in installed and "rsyslogd" not in installed:
        rules += rsyslog_rules(sysklogd, daemon="syslogd")
    return SyslogConfig(tuple(installed), tuple(rules), tuple(files), tuple(modes), tuple(inputs))


SYSLOG_DAEMONS = ("rsyslogd", "syslog-ng", "syslogd")


def logging_method(
    processes: Iterable[Process], syslog: SyslogConfig, journald: Journald
) -> tuple[str, str]:
    """The logging system the host uses: a syslog daemon (``rsyslogd``, ``syslog-ng``,
    ``syslogd``) or ``journald`` alone, "" when none; with a sentence saying why.

    A running syslog daemon wins, then a running journald; with neither running, an installed
    syslog daemon (its configuration applies when it starts), then an installed journald.
    """
    procs = list(processes)
    for daemon in SYSLOG_DAEMONS:
        if running(procs, [daemon]):
            return daemon, f"{daemon} is running"
    if running(procs, ["systemd-journald"]):
        return "journald", "systemd-journald runs without a syslog daemon"
    for daemon in SYSLOG_DAEMONS:
        if daemon in syslog.installed:
            return daemon, f"{daemon} is installed (not running)"
    if journald.installed:
        return "journald", "systemd-journald is installed, no syslog daemon is"
    return "", "no syslog daemon or systemd-journald found"


# --- journald ----------------------------------------------------------------------------------


JOURNAL_UNITS = (
    "systemd-journal-upload.service",
    "systemd-journal-remote.socket",
    "systemd-journal-remote.service",
)


@dataclass(frozen=True)
class Journald:
    """systemd-journald: installed, its merged [Journal] settings, /var/log/journal present;
    the compiled-in defaults its stock journald.conf shows commented out; systemd-journal-remote
    (upload and receive programs, their units' ``systemctl is-enabled`` state, the [Upload]
    settings of journal-upload.conf)."""

    installed: bool
    settings: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (value, file)
    var_log_journal: bool = False
    defaults: dict[str, str] = field(default_factory=dict)
    upload_installed: bool = False
    remote_installed: bool = False
    units: dict[str, str] = field(default_factory=dict)  # unit -> is-enabled state, "" unknown
    upload: dict[str, tuple[str, str]] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        return self.effective(key, default)[0]

    def effective(self, key: str, default: str = "") -> tuple[str, str]:
        """(value, where): the file that set it, "compiled-in default" (as the stock file
        shows) or "default" (``default``)."""
        if key in self.settings:
            return self.settings[key]
        if key in self.defaults:
            return self.defaults[key], "compiled-in default"
        return default, "default"

    @property
    def persistent(self) -> bool:
        storage = self.get("Storage", "auto").lower()
        return storage == "persistent" or (storage == "auto" and self.var_log_journal)


_JOURNALD_DIRS = ("/etc/systemd", "/run/systemd", "/usr/local/lib/systemd", "/usr/lib/systemd")

JOURNALD_SCRIPT = r"""
for p in /lib/systemd/systemd-journald /usr/lib/systemd/systemd-journald; do
  [ -x "$p" ] && sec binary "$p"
done
for p in /lib/systemd/systemd-journal-upload /usr/lib/systemd/systemd-journal-upload; do
  [ -x "$p" ] && sec upload-binary "$p"
done
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
  [ -x "$p" ] && sec remote-binary "$p"
done
[ -d /var/log/journal ] && sec var-log-journal
if command -v systemctl >/dev/null 2>&1; then
  t=""; command -v timeout >/dev/null 2>&1 && t="timeout 10"
  for u in systemd-journal-upload.service systemd-journal-remote.socket \
      systemd-journal-remote.service; do
    sec unit "$u"
    $t systemctl is-enabled "$u" 2>/dev/null | head -n 1
  done
fi
sec files
for d in /etc/systemd /run/systemd /usr/local/lib/systemd /usr/lib/systemd; do
  dump_files "$d/journald.conf" "$d"/journald.conf.d/*.conf
  dump_files "$d/journal-upload.conf" "$d"/journal-upload.conf.d/*.conf
done
"""


def _main_file(files: dict[str, FileDump], name: str) -> str | None:
    """The main file ``name`` systemd reads: the first of the directories that has one."""
    return next((f"{d}/{name}" for d in _JOURNALD_DIRS if f"{d}/{name}" in files), None)


def merge_systemd_config(
    files: dict[str, FileDump], name: str, section: str
) -> dict[str, tuple[str, str]]:
    """``section`` settings of config ``name`` (journald.conf...) merged as systemd does.

    Values are (value, file that set it).
    """
    main = _main_file(files, name)
    dropins: dict[str, str] = {}
    for directory in reversed(_JOURNALD_DIRS):
        prefix = f"{directory}/{name}.d/"
        for path in files:
            if path.startswith(prefix):
                dropins[path[len(prefix) :]] = path
    ordered = ([main] if main else []) + [dropins[k] for k in sorted(dropins)]
    settings: dict[str, tuple[str, str]] = {}
    for path in ordered:
        current = ""
        for line in files[path].lines():
            line = line.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                current = line.strip("[]")
            elif current == section and "=" in line:
                key, _, value = line.partition("=")
                settings[key.strip()] = (value.strip(), path)
    return settings


def commented_defaults(files: dict[str, FileDump], name: str, section: str) -> dict[str, str]:
    """``#Key=value`` lines of ``section`` in the main file ``name``: systemd's stock files list
    the compiled-in defaults that way."""
    main = _main_file(files, name)
    found: dict[str, str] = {}
    current = ""
    for line in files[main].lines() if main else []:
        line = line.strip()
        if line.startswith("["):
            current = line.strip("[]")
        elif current == section and (match := re.match(r"^#\s*([A-Za-z]+)=(.*)$", line)):
            found.setdefault(match.group(1), match.group(2).strip())
    return found


@collector("log_journald", JOURNALD_SCRIPT)
def parse_journald(raw: Raw) -> Journald:
    """systemd-journald: installed, merged journald.conf settings, /var/log/journal present,
    systemd-journal-remote's programs, units and upload settings."""
    installed, var_log_journal, upload, remote = False, False, False, False
    files: dict[str, FileDump] = {}
    units: dict[str, str] = {}
    for name, arg, lines in sections(raw.stdout):
        if name == "binary":
            installed = True
        elif name == "upload-binary":
            upload = True
        elif name == "remote-binary":
            remote = True
        elif name == "var-log-journal":
            var_log_journal = True
        elif name == "unit" and arg in JOURNAL_UNITS:
            units[arg] = next((x.strip() for x in lines if x.strip()), "")
        elif name == "files":
            files = split_files("\n".join(lines))
    return Journald(
        installed,
        merge_systemd_config(files, "journald.conf", "Journal"),
        var_log_journal,
        commented_defaults(files, "journald.conf", "Journal"),
        upload,
        remote,
        units,
        merge_systemd_config(files, "journal-upload.conf", "Upload"),
    )


# --- logrotate ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Logrotate:
    """logrotate: installed, how it is scheduled, and its rules in reading order."""

    installed: bool
    rules: tuple[RotateRule, ...]
    scheduled_by: tuple[str, ...]


LOGROTATE_SCRIPT = r"""
command -v logrotate >/dev/null 2>&1 && sec installed
sec scheduled
for p in /etc/cron.daily/logrotate /etc/cron.hourly/logrotate \
    /etc/systemd/system/timers.target.wants/logrotate.timer; do
  [ -e "$p" ] && printf '%s\n' "$p"
done
sec files
dump_files /etc/logrotate.conf /etc/logrotate.d/*
"""


@collector("log_logrotate", LOGROTATE_SCRIPT)
def parse_logrotate_fact(raw: Raw) -> Logrotate:
    """logrotate rules (rotate count, period, maxage) from logrotate.conf and logrotate.d."""
    installed = False
    scheduled: list[str] = []
    files: dict[str, FileDump] = {}
    for name, _, lines in sections(raw.stdout):
        if name == "installed":
            installed = True
        elif name == "scheduled":
            scheduled = [x.strip() for x in lines if x.strip()]
        elif name == "files":
            files = split_files("\n".join(lines))
    return Logrotate(installed, tuple(parse_logrotate(files)), tuple(scheduled))


# --- log file modes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFile:
    """A regular file under /var/log with its permission bits and owners."""

    path: str
    mode: int
    owner: str
    group: str


@collector(
    "log_files",
    r"find /var/log -xdev -maxdepth 6 -type f -exec stat -c '%a %U %G %n' {} + 2>/dev/null "
    "| head -n 5000",
    needs_root=True,
)
def parse_log_files(raw: Raw) -> tuple[LogFile, ...]:
    """Mode, owner and group of each regular file under /var/log (first 5000)."""
    found = []
    for line in raw.stdout.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[0].isdigit():
            found.append(LogFile(parts[3], int(parts[0], 8), parts[1], parts[2]))
    if not found and raw.stdout.strip():
        raise FactError(f"unexpected output listing /var/log: {raw.stdout.strip()[:80]!r}")
    return tuple(found)


# --- auditd ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRule:
    """One audit rule: the paths it watches, the access it records, syscalls and filters."""

    text: str
    source: str
    paths: tuple[str, ...]
    perms: str
    syscalls: tuple[str, ...]
    fields: tuple[str, ...]

    def watches(self, path: str) -> bool:
        """Whether the rule records writes to ``path`` (itself or a watched directory above)."""
        if self.perms and "w" not in self.perms:
            return False
        target = path.rstrip("/")
        return any(
            target == p.rstrip("/") or target.startswith(p.rstrip("/") + "/") for p in self.paths
        )

    def records_execution(self, command: str) -> bool:
        """Whether the rule records runs of ``command``: a path rule on it, or any-program
        execve (/bin and /usr/bin alike)."""
        if any(_unmerged(p) == _unmerged(command) for p in self.paths):
            return not self.perms or "x" in self.perms
        narrowed = any(f.startswith(("path=", "dir=", "exe=")) for f in self.fields)
        return "execve" in self.syscalls and not narrowed

    def records_syscall(self, name: str) -> bool:
        """Whether the rule records the system call ``name`` (or all of them)."""
        return name in self.syscalls or "all" in self.syscalls


def _unmerged(path: str) -> str:
    return re.sub(r"^/usr(?=/s?bin/)", "", path.rstrip("/"))


def parse_audit_rule(line: str, source: str) -> AuditRule | None:
    """An ``auditctl`` rule line (``-w``/``-a``) or None for control lines and comments."""
    text = line.strip()
    if not text.startswith(("-w ", "-a ", "-A ")):
        return None
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    paths: list[str] = []
    perms = ""
    syscalls: list[str] = []
    fields: list[str] = []
    for flag, value in zip(words, [*words[1:], ""], strict=True):
        if flag == "-w":
            paths.append(value)
        elif flag == "-p":
            perms += value
        elif flag == "-S":
            syscalls += value.split(",")
        elif flag == "-F":
            fields.append(value)
            key, _, val = value.partition("=")
            if key in ("path", "dir"):
                paths.append(val)
            elif key == "perm":
                perms += val
    return AuditRule(text, source, tuple(paths), perms, tuple(syscalls), tuple(fields))


@dataclass(frozen=True)
class Audit:
    """auditd: installed, the kernel's rules (``auditctl -l``) and status (``auditctl -s``) if
    readable, rule files with the last ``-e`` they set, config."""

    installed: bool
    kernel_rules: tuple[AuditRule, ...] | None
    kernel_error: str
    file_rules: tuple[AuditRule, ...]
    rule_files: tuple[str, ...]
    config: dict[str, str] | None
    kernel_status: dict[str, str] | None = None
    file_enabled: tuple[str, str] | None = None  # (value, "file: line") of the last -e

    def rules_in_force(self, processes: Iterable[Process]) -> tuple[tuple[AuditRule, ...], str]:
        """The rules the kernel has loaded when auditd runs and they could be read, else the
        rule files; with a sentence saying which."""
        daemon = bool(running(processes, ["auditd"]))
        if daemon and self.kernel_rules is not None:
            return self.kernel_rules, "loaded rules (auditctl -l)"
        why = "auditd not running" if not daemon else self.kernel_error
        files = ", ".join(self.rule_files) or "no rule file"
        return self.file_rules, f"rule files {files} ({why})"

    def enabled_in_force(self, processes: Iterable[Process]) -> tuple[str, str]:
        """The audit ``enabled`` flag (0, 1, or 2 when the rules are locked): the kernel's
        (auditctl -s) when auditd runs and it could be read, else the last ``-e`` of the rule
        files ("" when none); with a sentence saying where it comes from."""
        daemon = bool(running(processes, ["auditd"]))
        if daemon and self.kernel_status is not None and "enabled" in self.kernel_status:
            return self.kernel_status["enabled"], "kernel status (auditctl -s)"
        if self.file_enabled is None:
            files = ", ".join(self.rule_files) or "no rule file"
            return "", f"rule files {files}: no -e line"
        return self.file_enabled[0], self.file_enabled[1]


AUDIT_SCRIPT = r"""
command -v auditd >/dev/null 2>&1 && sec installed
if command -v auditctl >/dev/null 2>&1; then
  out=$(auditctl -l 2>&1)
  sec auditctl "$?"
  printf '%s\n' "$out" | head -n 3000
  out=$(auditctl -s 2>&1)
  sec auditctl-status "$?"
  printf '%s\n' "$out" | head -n 40
fi
sec files
dump_files /etc/audit/auditd.conf /etc/audit/audit.rules /etc/audit/rules.d/*.rules
"""


def _key_values(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        key, sep, value = line.split("#", 1)[0].partition("=")
        if sep and key.strip():
            values[key.strip().lower()] = value.strip()
    return values


@collector("log_audit", AUDIT_SCRIPT, needs_root=True)
def parse_audit(raw: Raw) -> Audit:
    """auditd installed, loaded rules (auditctl -l), rules files and auditd.conf."""
    installed = False
    kernel: tuple[AuditRule, ...] | None = None
    kernel_error = "auditctl not installed"
    status: dict[str, str] | None = None
    files: dict[str, FileDump] = {}
    for name, arg, lines in sections(raw.stdout):
        if name == "installed":
            installed = True
        elif name == "auditctl":
            text = [line for line in lines if line.strip()]
            if arg == "0":
                kernel = tuple(r for r in (parse_audit_rule(x, "auditctl -l") for x in text) if r)
                kernel_error = ""
            else:
                kernel_error = (text[0] if text else f"exit status {arg}")[:200]
        elif name == "auditctl-status" and arg == "0":
            status = dict(x.strip().partition(" ")[::2] for x in lines if x.strip())
        elif name == "files":
            files = split_files("\n".join(lines))
    rule_paths = sorted(p for p in files if p.startswith("/etc/audit/rules.d/"))
    if not rule_paths and "/etc/audit/audit.rules" in files:
        rule_paths = ["/etc/audit/audit.rules"]
    file_rules = tuple(
        rule
        for path in rule_paths
        for rule in (parse_audit_rule(line, path) for line in files[path].lines())
        if rule
    )
    enabled = None
    for path in rule_paths:
        for line in files[path].lines():
            words = line.split("#", 1)[0].split()
            if len(words) >= 2 and words[0] == "-e":
                enabled = (words[1], f"{path}: {line.strip()}")
    conf = files.get("/etc/audit/auditd.conf")
    config = _key_values(conf.content) if conf else None
    return Audit(
        installed, kernel, kernel_error, file_rules, tuple(rule_paths), config, status, enabled
    )


# --- time synchronisation ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimeSync:
    """What the time-sync tools report: chronyc tracking, timedatectl, timesyncd, ntpq."""

    chrony: dict[str, str] | None = None
    chrony_error: str = ""
    timedatectl: dict[str, str] | None = None
    timesyncd_synchronized: bool = False
    ntpq_peers: tuple[str, ...] | None = None


TIME_SCRIPT = r"""
t=""; command -v timeout >/dev/null 2>&1 && t="timeout 15"
if command -v chronyc >/dev/null 2>&1; then
  out=$($t chronyc -n tracking 2>&1)
  sec chronyc "$?"
  printf '%s\n' "$out" | head -n 30
fi
if command -v timedatectl >/dev/null 2>&1; then
  out=$($t timedatectl show 2>&1)
  sec timedatectl "$?"
  printf '%s\n' "$out" | head -n 30
fi
[ -e /run/systemd/timesync/synchronized ] && sec timesyncd-synchronized
if command -v ntpq >/dev/null 2>&1; then
  out=$($t ntpq -pn 2>&1)
  sec ntpq "$?"
  printf '%s\n' "$out" | head -n 40
fi
"""


@collector("log_time", TIME_SCRIPT)
def parse_time(raw: Raw) -> TimeSync:
    """Synchronisation state from chronyc tracking, timedatectl, timesyncd and ntpq."""
    chrony: dict[str, str] | None = None
    chrony_error = ""
    timedatectl: dict[str, str] | None = None
    synced_flag = False
    peers: tuple[str, ...] | None = None
    for name, arg, lines in sections(raw.stdout):
        text = [line for line in lines if line.strip()]
        if name == "chronyc":
            if arg == "0":
                chrony = {k.strip(): v.strip() for k, _, v in (x.partition(":") for x in text)}
            else:
                chrony_error = (text[0] if text else f"exit status {arg}").strip()[:200]
        elif name == "timedatectl" and arg == "0":
            timedatectl = dict(x.strip().partition("=")[::2] for x in text if "=" in x)
        elif name == "timesyncd-synchronized":
            synced_flag = True
        elif name == "ntpq" and arg == "0":
            peers = tuple(x.rstrip() for x in text if not x.startswith("="))
    return TimeSync(chrony, chrony_error, timedatectl, synced_flag, peers)
