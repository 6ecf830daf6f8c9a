"""What the auditor's machine sees of a host over the network: the ``network_scan`` fact.

Each open port with nmap's service guess and what its scripts learnt: the algorithms an SSH
server offers (ssh2-enum-algos), the TLS versions and ciphers a TLS service accepts
(ssl-enum-ciphers) and its certificate (ssl-cert), the security types of a VNC server (vnc-info),
the title of a web page (http-title) and whether an SNMP agent answers the community ``public``
(snmp-info).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SshAlgorithms:
    """The algorithms an SSH server offers, by kind, as ssh2-enum-algos lists them."""

    kex: tuple[str, ...] = ()
    host_keys: tuple[str, ...] = ()
    ciphers: tuple[str, ...] = ()
    macs: tuple[str, ...] = ()
    compression: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cipher:
    """A cipher suite a TLS service accepted, with nmap's grade (A best, F worst)."""

    name: str
    strength: str
    kex_info: str = ""


@dataclass(frozen=True)
class Certificate:
    """A TLS service's certificate as ssl-cert reads it (times in UTC, naive)."""

    subject: str
    issuer: str
    not_before: datetime | None
    not_after: datetime | None
    key_type: str = ""
    key_bits: int | None = None
    signature: str = ""

    @property
    def self_signed(self) -> bool:
        return bool(self.subject) and self.subject == self.issuer


@dataclass(frozen=True)
class Tls:
    """The TLS versions a service accepted, each with its cipher suites and nmap's warnings,
    and the least strength over all of them."""

    protocols: dict[str, tuple[Cipher, ...]] = field(default_factory=dict)
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    least_strength: str = ""


@dataclass(frozen=True)
class Service:
    """An open port as nmap saw it; ``tunnel`` is ``ssl`` when the service speaks TLS;
    ``scripts`` has the text output of every script that ran on the port."""

    port: int
    protocol: str  # tcp or udp
    name: str  # nmap's service name: ssh, telnet, http, ms-wbt-server...
    product: str = ""
    version: str = ""
    extrainfo: str = ""
    tunnel: str = ""
    ssh: SshAlgorithms | None = None
    tls: Tls | None = None
    certificate: Certificate | None = None
    scripts: dict[str, str] = field(default_factory=dict)

    def label(self) -> str:
        """``443/tcp ssl/http (nginx 1.22.1)``: what an inspector reads in the evidence."""
        name = f"ssl/{self.name}" if self.tunnel == "ssl" else self.name
        detail = " ".join(filter(None, (self.product, self.version)))
        if self.extrainfo:
            detail = f"{detail}; {self.extrainfo}" if detail else self.extrainfo
        return f"{self.port}/{self.protocol} {name}" + (f" ({detail})" if detail else "")


@dataclass(frozen=True)
class NetworkView:
    """A host's address as seen from the auditor's machine: its open ports and services.
    ``udp`` says whether UDP ports were scanned; ``udp_error`` why not; ``scanned_at`` is when
    nmap began the host (UTC, naive), the time certificates are judged against;
    ``scanned_tcp`` the TCP ports the run probed (open or not) and ``filtered_tcp`` those of
    them that gave no answer or an ICMP refusal (a firewall), as against closed (a reset)."""

    address: str
    services: tuple[Service, ...]
    udp: bool = False
    udp_error: str = ""
    scanned_at: datetime | None = None
    scanned_tcp: frozenset[int] = frozenset()
    filtered_tcp: frozenset[int] = frozenset()

    def tcp(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.protocol == "tcp")

    def by_port(self, protocol: str = "tcp") -> dict[int, Service]:
        return {s.port: s for s in self.services if s.protocol == protocol}
