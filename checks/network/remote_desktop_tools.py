"""No remote-desktop tool (VNC, RDP, AnyDesk, TeamViewer, UltraViewer, RustDesk) is present."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.listening_sockets import SocketTable, matches_any
from auditor.facts.remote_access_packages import RemoteAccessSoftware
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    software: RemoteAccessSoftware = facts["remote_access_packages"]
    table: SocketTable = facts["listening_sockets"]
    names = {n.lower()[:15] for n in params["process_names"]}
    forbidden = {p.lower() for p in params["packages"]}
    found = [
        Message.of("installed: {name} {version}", name=name, version=version)
        for name, version in sorted(software.packages.items())
        if name.lower() in forbidden
    ]
    found += [Message.of("installed: {path}", path=path) for path in software.paths]
    found += [
        Message.of("running: {process}", process=p.describe())
        for p in facts["process_list"]
        if p.comm.lower()[:15] in names
    ]
    sockets, notes = table.relevant(facts["target"].address)
    found += [
        Message.of("listening: {socket}", socket=s.describe())
        for s in sockets
        if matches_any(params["ports"], s.proto, s.port)
        or any(o.lower()[:15] in names for o in s.owners)
    ]
    if found:
        return failed(
            "remote-desktop software found: {found}",
            [m.render("en") for m in found] + notes,
            found=found,
        )
    return passed(
        "no remote-desktop package, process or listening port found "
        "(packages checked with {manager})",
        notes,
        manager=software.package_manager,
    )
