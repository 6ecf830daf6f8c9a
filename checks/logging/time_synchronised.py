"""The clock is kept synchronised by a time daemon (chrony, systemd-timesyncd, ntpd)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.log_time import TimeSync
from auditor.facts.process_list import Process, running
from auditor.outcome import Outcome, failed, passed

_CHRONY_KEYS = ("Reference ID", "Stratum", "System time", "Leap status")
_LOCAL_REFERENCE = "7F7F0101"  # chrony's own clock ("local" directive): no real time source


def _reports(sync: TimeSync) -> list[tuple[str, bool, list[str]]]:
    """(tool, synchronised, evidence) for each tool that reported a state."""
    reports = []
    if sync.chrony is not None:
        reference = sync.chrony.get("Reference ID", "")
        ok = sync.chrony.get("Leap status", "") not in ("", "Not synchronised")
        ok = ok and not reference.startswith(("00000000", _LOCAL_REFERENCE))
        lines = [f"chronyc tracking: {k}: {v}" for k, v in sync.chrony.items() if k in _CHRONY_KEYS]
        if reference.startswith(_LOCAL_REFERENCE):
            lines.append("chrony follows only its own clock (local reference), no time server")
        reports.append(("chrony", ok, lines))
    if sync.timedatectl and "NTPSynchronized" in sync.timedatectl:
        value = sync.timedatectl["NTPSynchronized"]
        reports.append(("timedatectl", value == "yes", [f"timedatectl: NTPSynchronized={value}"]))
    if sync.timesyncd_synchronized:
        reports.append(("systemd-timesyncd", True, ["/run/systemd/timesync/synchronized exists"]))
    if sync.ntpq_peers is not None:
        peer = [p for p in sync.ntpq_peers if p.startswith("*")]
        reports.append(("ntpd", bool(peer), [f"ntpq -pn: {p}" for p in sync.ntpq_peers[:6]]))
    return reports


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    processes: tuple[Process, ...] = facts["process_list"]
    sync: TimeSync = facts["log_time"]
    daemons = running(processes, params["daemons"])
    if not daemons:
        return failed(
            "no time synchronisation daemon running (looked for {daemons})",
            [f"{len(processes)} processes inspected"],
            daemons=list(params["daemons"]),
        )
    names = sorted({p.comm for p in daemons})
    evidence = [f"pid {p.pid}: {p.args or p.comm}" for p in daemons]
    reports = _reports(sync)
    for _, _, lines in reports:
        evidence += lines
    if sync.chrony is None and sync.chrony_error:
        evidence.append(f"chronyc tracking: {sync.chrony_error}")
    if not params["require_synchronised"]:
        return passed("{names} running (synchronisation not required)", evidence, names=names)
    if any(ok for _, ok, _ in reports):
        return passed("{names} running and synchronised", evidence, names=names)
    if reports:
        return failed(
            "{names} running but the clock is not synchronised ({tools})",
            evidence,
            names=names,
            tools=[tool for tool, _, _ in reports],
        )
    return passed(
        "{names} running; no tool reported the synchronisation state", evidence, names=names
    )
