"""No cleartext remote-access or file-transfer service (telnet, ftp, r-services, tftp) runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.listening_sockets import SocketTable, matches_any
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    table: SocketTable = facts["listening_sockets"]
    names = {n.lower()[:15] for n in params["process_names"]}
    sockets, notes = table.relevant(facts["target"].address)
    found = [
        Message.of("listening: {socket}", socket=s.describe())
        for s in sockets
        if matches_any(params["ports"], s.proto, s.port)
        or any(o.lower()[:15] in names for o in s.owners)
    ]
    found += [
        Message.of("running: {process}", process=p.describe())
        for p in facts["process_list"]
        if p.comm.lower()[:15] in names
    ]
    if found:
        return failed(
            "cleartext service(s) found: {found}",
            [m.render("en") for m in found] + notes,
            found=found,
        )
    return passed(
        "no socket on a cleartext-service port ({ports}) and no cleartext-service process",
        notes,
        ports=[str(p) for p in params["ports"]],
    )
