"""No cleartext remote-access or file-transfer service (telnet, ftp, r-services, tftp) runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.network import SocketTable, matches_any
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    table: SocketTable = facts["listening_sockets"]
    names = {n.lower()[:15] for n in params["process_names"]}
    sockets, notes = table.relevant(facts["target"].address)
    found = [
        f"listening: {s.describe()}"
        for s in sockets
        if matches_any(params["ports"], s.proto, s.port)
        or any(o.lower()[:15] in names for o in s.owners)
    ]
    found += [
        f"running: {p.describe()}" for p in facts["process_list"] if p.name.lower()[:15] in names
    ]
    if found:
        return failed(f"cleartext service(s) found: {'; '.join(found)}", found + notes)
    return passed(
        f"no socket on a cleartext-service port ({', '.join(map(str, params['ports']))}) "
        "and no cleartext-service process",
        notes,
    )
