"""The ``log_syslog`` fact: rsyslog, syslog-ng or sysklogd: which are installed and where their
rules send logs."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from auditor.facts.base import FileDump, Raw, collector, sections, split_files
from auditor.parsers.syslog import (
    CreateMode,
    RsyslogConfig,
    SyslogInput,
    SyslogRule,
    rsyslog_rules,
    syslog_ng_inputs,
    syslog_ng_rules,
)


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
        config = RsyslogConfig(rsyslog)
        rules += config.rules()
        modes += config.create_modes()
        inputs += config.inputs()
    if "syslog-ng" in installed:
        rules += syslog_ng_rules(syslog_ng)
        inputs += syslog_ng_inputs(syslog_ng)
    if "syslogd" in installed and "rsyslogd" not in installed:
        rules += rsyslog_rules(sysklogd, daemon="syslogd")
    return SyslogConfig(tuple(installed), tuple(rules), tuple(files), tuple(modes), tuple(inputs))
