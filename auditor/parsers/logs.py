"""Which logging system a host uses: a syslog daemon or journald alone."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.facts.log_journald import Journald
from auditor.facts.log_syslog import SyslogConfig
from auditor.facts.process_list import Process, running

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
