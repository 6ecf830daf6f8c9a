"""TLS services reachable from the network accept no legacy protocol version and no weak cipher
suite, as nmap's ssl-enum-ciphers finds them from the inspector's side."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.network.services import Service
from auditor.outcome import Outcome, errored, failed, passed

GRADES = "ABCDEF"  # nmap's letter grades, best first


def _below(grade: str, minimum: str) -> bool:
    return grade in GRADES and GRADES.index(grade) > GRADES.index(minimum)


def _weak_names(service: Service, patterns: list[str]) -> list[str]:
    assert service.tls is not None
    names = {c.name for ciphers in service.tls.protocols.values() for c in ciphers}
    wanted = [p.upper() for p in patterns]
    return sorted(n for n in names if any(fnmatch.fnmatchcase(n.upper(), p) for p in wanted))


def _problems(service: Service, params: Mapping[str, Any]) -> list[Message]:
    assert service.tls is not None
    tls = service.tls
    found = []
    legacy = [v for v in tls.protocols if v in params["weak_protocols"]]
    if legacy:
        found.append(
            Message.of("port {port} accepts {versions}", port=service.port, versions=legacy)
        )
    graded = [
        c.name
        for ciphers in tls.protocols.values()
        for c in ciphers
        if _below(c.strength, params["min_grade"])
    ]
    if graded:
        found.append(
            Message.of(
                "port {port}: {count} cipher suite(s) graded below {grade} (least {least})",
                port=service.port,
                count=len(set(graded)),
                grade=params["min_grade"],
                least=tls.least_strength,
            )
        )
    named = _weak_names(service, params["weak_cipher_patterns"])
    if named:
        found.append(Message.of("port {port} offers {ciphers}", port=service.port, ciphers=named))
    return found


def _evidence(service: Service) -> list[str]:
    assert service.tls is not None
    lines = [f"{service.label()}: least strength {service.tls.least_strength or 'unknown'}"]
    for version, ciphers in service.tls.protocols.items():
        grades = ",".join(sorted({c.strength for c in ciphers})) or "-"
        lines.append(f"  {version}: {len(ciphers)} cipher suite(s), grades {grades}")
        lines += [f"    warning: {w}" for w in service.tls.warnings.get(version, ())]
    return lines


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    view = facts["network_scan"]
    judged = [s for s in view.tcp() if s.tls is not None and s.tls.protocols]
    unjudged = [
        s for s in view.tcp() if s.tunnel == "ssl" and (s.tls is None or not s.tls.protocols)
    ]
    if not judged and not unjudged:
        return passed("no TLS service is open on {address}", address=view.address)
    problems: list[Message] = []
    evidence: list[str] = []
    for service in judged:
        problems += _problems(service, params)
        evidence += _evidence(service)
    evidence += [f"{s.label()}: speaks TLS but ssl-enum-ciphers listed nothing" for s in unjudged]
    if problems:
        return failed("TLS from the network is weak: {problems}", evidence, problems=problems)
    if unjudged:
        return errored(
            "ssl-enum-ciphers gave no protocol list for {count} TLS port(s) on {address}: {ports}",
            evidence,
            count=len(unjudged),
            address=view.address,
            ports=[str(s.port) for s in unjudged],
        )
    return passed(
        "TLS on {address} (port(s) {ports}) accepts only {versions}, with no cipher suite graded "
        "below {grade} or of a weak kind",
        evidence,
        address=view.address,
        ports=[str(s.port) for s in judged],
        versions=sorted({v for s in judged if s.tls for v in s.tls.protocols}),
        grade=params["min_grade"],
    )
