"""Controller-side facts: what the auditor's own machine sees of a host.

Unlike collectors, these are not gathered on the host. ``network_scan`` is the host's address
as nmap sees it from the inspector's side (open ports, services, SSH algorithms, TLS versions,
ciphers and certificate), gathered for all the hosts of a scan at once by
:class:`auditor.network.scanner.NetworkScanner`. A check names it in its ``facts`` like any
collector; its ``options`` are set by check parameters (``collector_option``), as a
collector's are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from auditor.network.ports import DEFAULT_PORTS


@dataclass(frozen=True)
class Probe:
    """A fact gathered on the auditor's machine; ``options`` are its settings with defaults."""

    name: str
    description: str
    returns: str
    options: Mapping[str, str] = field(default_factory=dict)


NETWORK_SCAN = Probe(
    "network_scan",
    "The host's address seen from the auditor's machine with nmap: open ports, services, "
    "SSH algorithms, TLS versions, ciphers and certificates",
    "auditor.network.services:NetworkView",
    {"ports": DEFAULT_PORTS},
)

PROBES: dict[str, Probe] = {NETWORK_SCAN.name: NETWORK_SCAN}
