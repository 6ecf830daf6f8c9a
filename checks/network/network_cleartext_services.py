"""No cleartext or legacy service answers on the host's address when probed from the
inspector's side: telnet, FTP, r-services, VNC without TLS, SNMP answering a default community,
or an administration or login page over plain HTTP."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.network.services import NetworkView, Service
from auditor.outcome import Outcome, errored, failed, passed

_VNC_TYPE = re.compile(r"^\s+(.+?) \(\d+\)\s*$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def vnc_types(output: str) -> list[str]:
    """The security types vnc-info lists (``VNC Authentication (2)``), and VeNCrypt subtypes."""
    return [m.group(1) for line in output.splitlines() if (m := _VNC_TYPE.match(line))]


def _vnc(service: Service, params: Mapping[str, Any]) -> Message | None:
    output = service.scripts.get("vnc-info")
    if output is None:
        return Message.of(
            "{service}: VNC whose security types vnc-info did not read (taken as cleartext)",
            service=service.label(),
        )
    types = vnc_types(output)
    encrypted = {_fold(t) for t in params["vnc_encrypted_types"]}
    if any(_fold(part.strip()) in encrypted for t in types for part in t.split(",")):
        return None
    return Message.of(
        "{service}: VNC without TLS (security types: {types})",
        service=service.label(),
        types=types or ["none listed"],
    )


def _http(service: Service, params: Mapping[str, Any]) -> Message | None:
    title = service.scripts.get("http-title", "")
    if any(_fold(word) in _fold(title) for word in params["admin_title_words"]):
        return Message.of(
            '{service}: plain-HTTP page titled "{title}"', service=service.label(), title=title
        )
    if service.port in params["admin_ports"]:
        return Message.of(
            "{service}: plain HTTP on an administration port", service=service.label()
        )
    return None


def _tcp(service: Service, params: Mapping[str, Any]) -> Message | None:
    name = service.name.lower()
    if service.tunnel == "ssl":
        return None
    if name in params["cleartext_names"] or service.port in params["cleartext_ports"]:
        return Message.of("{service}: cleartext service", service=service.label())
    if name in params["vnc_names"]:
        return _vnc(service, params)
    if name in params["http_names"]:
        return _http(service, params)
    return None


def answers_public(agent: Service) -> bool:
    """Whether an SNMP agent answered nmap's SNMPv1 request with the community ``public``:
    nmap's version match then says ``public`` (``SNMPv1 server ... (public)``), or, when the
    match failed, the reply it kept (fingerprint-strings) echoes the community."""
    if "public" in agent.extrainfo.split("; "):
        return True
    strings = agent.scripts.get("fingerprint-strings", "")
    return any(line.strip() == "public" for line in strings.splitlines())


def _snmp(view: NetworkView) -> tuple[Message | None, str]:
    """An SNMP finding, and the evidence line saying what was learnt of SNMP."""
    if view.udp_error:
        return None, f"UDP was not scanned, SNMP not judged: {view.udp_error}"
    if not view.udp:
        return None, "no UDP port in the scanned ports, SNMP not looked at"
    agent = view.by_port("udp").get(161)
    if agent is None:
        return None, "UDP 161 (SNMP) not open"
    if answers_public(agent):
        return (
            Message.of("{service}: SNMP answers the community public", service=agent.label()),
            f"{agent.label()}: answered an SNMPv1 request with the community public",
        )
    return None, f"{agent.label()}: open, but no answer to the community public"


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    view = facts["network_scan"]
    found = [m for s in view.tcp() if (m := _tcp(s, params)) is not None]
    snmp, note = _snmp(view)
    if snmp is not None:
        found.append(snmp)
    evidence = [m.render("en") for m in found] + [note]
    if found:
        return failed(
            "cleartext service(s) reachable on {address}: {found}",
            evidence,
            address=view.address,
            found=found,
        )
    if view.udp_error:  # UDP was asked for but could not be scanned: SNMP is not judged
        return errored(
            "no cleartext TCP service is reachable on {address}, but SNMP could not be judged: "
            "{reason}",
            evidence,
            address=view.address,
            reason=view.udp_error,
        )
    if not view.udp:
        return passed(
            "no cleartext TCP service is reachable on {address}; the profile's ports name no UDP "
            "port, so SNMP was not looked at",
            evidence,
            address=view.address,
        )
    return passed(
        "no cleartext service is reachable on {address} (TCP and SNMP)",
        evidence,
        address=view.address,
    )
