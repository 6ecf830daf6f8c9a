"""Netfilter rules in one model, whichever tool wrote them (nft's syntax or JSON, iptables-save):
what a rule matches (interface, source networks, protocol, destination ports, conntrack states)
and its verdict, and what a chain as a whole does with loopback traffic and listening ports.
Matches the model has no field for only make a rule conditional; they never widen it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from auditor.facts.base import whole_number

# Service names nft and iptables accept for ports (from /etc/services), the common ones.
SERVICES = {
    "ftp-data": 20, "ftp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "domain": 53, "bootps": 67,
    "bootpc": 68, "tftp": 69, "http": 80, "www": 80, "kerberos": 88, "pop3": 110, "sunrpc": 111,
    "ntp": 123, "netbios-ns": 137, "netbios-ssn": 139, "imap2": 143, "imap": 143, "snmp": 161,
    "ldap": 389, "https": 443, "microsoft-ds": 445, "submissions": 465, "syslog": 514,
    "submission": 587, "ldaps": 636, "imaps": 993, "pop3s": 995, "openvpn": 1194, "mysql": 3306,
    "postgresql": 5432, "mdns": 5353, "ssdp": 1900, "rsync": 873, "nfs": 2049,
    "ms-wbt-server": 3389,
}  # fmt: skip
# Protocol numbers and other names both tools accept, as the model names the protocol.
PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "ipv6-icmp", "icmpv6": "ipv6-icmp"}
DROPS = ("drop", "reject")
LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
LOOPBACK_V6 = ipaddress.ip_network("::1/128")


@dataclass(frozen=True)
class Rule:
    """One rule: the matches the checks need, and its verdict.

    ``None`` in a match field means the rule does not restrict it. ``ports_unknown`` marks a port
    match that could not be resolved (a set or a service name this model does not know): such a
    rule is taken to name any port, so an unreadable rule never makes a port look uncovered.
    """

    text: str
    verdict: str = ""  # accept, drop, reject, jump, goto, return, or "" (none: counter, log)
    target: str = ""  # the chain of a jump or goto
    iif: str | None = None  # "lo", or "!lo" for a negated match
    oif: str | None = None
    saddr: tuple[str, ...] | None = None  # networks; a leading "!" when negated
    nfproto: str | None = None  # "ipv4" or "ipv6" when the rule matches one family only
    protos: frozenset[str] | None = None
    dports: tuple[tuple[int, int], ...] | None = None
    dports_negated: bool = False
    ports_unknown: bool = False
    states: frozenset[str] | None = None
    other: bool = False  # a match this model does not read

    @property
    def plain(self) -> bool:
        """No match at all: the verdict applies to every packet."""
        return not self.other and all(
            v is None
            for v in (self.iif, self.oif, self.saddr, self.nfproto, self.protos, self.dports,
                      self.states)
        ) and not self.ports_unknown  # fmt: skip

    @property
    def new_connections(self) -> bool:
        """Whether new connections can match (not only established, related or invalid)."""
        return self.states is None or bool(self.states & {"new", "untracked"})

    def for_family(self, family: str) -> bool:
        return self.nfproto in (None, family)

    def inherit(self, parent: Rule) -> Rule:
        """This rule as reached through ``parent``'s jump: the jump's matches apply too."""
        return replace(
            self,
            iif=self.iif if self.iif is not None else parent.iif,
            oif=self.oif if self.oif is not None else parent.oif,
            saddr=self.saddr if self.saddr is not None else parent.saddr,
            nfproto=self.nfproto or parent.nfproto,
            protos=self.protos if self.protos is not None else parent.protos,
            dports=self.dports if self.dports is not None else parent.dports,
            dports_negated=(
                self.dports_negated if self.dports is not None else parent.dports_negated
            ),
            ports_unknown=self.ports_unknown or parent.ports_unknown,
            states=self.states if self.states is not None else parent.states,
            other=self.other or parent.other,
        )


@dataclass(frozen=True)
class Chain:
    """A chain: its table, its hook and policy when it is a base chain, and its rules."""

    family: str  # nft's family (ip, ip6, inet...); "ip"/"ip6" for iptables/ip6tables
    table: str
    name: str
    hook: str = ""  # input, forward, output...; "" for a regular chain
    type: str = ""  # filter, nat, route
    policy: str = ""  # accept, drop, or "" (nft's default: accept)
    rules: tuple[Rule, ...] = field(default=())

    @property
    def label(self) -> str:
        return f"{self.family} {self.table} {self.name}"

    @property
    def families(self) -> tuple[str, ...]:
        """The address families whose traffic passes the chain."""
        return {"ip": ("ipv4",), "ip6": ("ipv6",)}.get(self.family, ("ipv4", "ipv6"))


def expand(chain: Chain, chains: Iterable[Chain], depth: int = 0) -> list[Rule]:
    """The chain's rules in order, with the rules of the chains it jumps to in place of the
    jumps (a goto likewise; the rules after a return in a jumped-to chain become conditional)."""
    known = {(c.family, c.table, c.name): c for c in chains}
    found: list[Rule] = []
    for rule in chain.rules:
        sub = known.get((chain.family, chain.table, rule.target))
        if rule.verdict in ("jump", "goto") and sub is not None and depth < 8:
            returned = False
            for child in expand(sub, known.values(), depth + 1):
                inherited = replace(child.inherit(rule), text=f"{rule.text} -> {child.text}")
                found.append(replace(inherited, other=True) if returned else inherited)
                returned = returned or child.verdict == "return"
        else:
            found.append(rule)
    return found


def denies(chain: Chain, rules: list[Rule]) -> bool:
    """Dropped unless a rule accepts: policy drop, or a last rule that drops every packet."""
    return chain.policy == "drop" or bool(rules and rules[-1].verdict in DROPS and rules[-1].plain)


def _networks(values: tuple[str, ...]) -> Iterator[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    for value in values:
        try:
            yield ipaddress.ip_network(value, strict=False)
        except ValueError:
            continue


def loopback_accept(rules: list[Rule], iface: str = "iif") -> Rule | None:
    """The first rule accepting every packet of the loopback interface (``iif lo accept``)."""
    return next(
        (
            r for r in rules
            if r.verdict == "accept" and getattr(r, iface) == "lo" and r.saddr is None
            and r.protos is None and r.dports is None and r.states is None and not r.other
        ),
        None,
    )  # fmt: skip


def spoof_drop(rules: list[Rule], family: str) -> Rule | None:
    """The first rule dropping packets from the loopback network on other interfaces
    (``ip saddr 127.0.0.0/8 drop`` after the loopback accept, or with ``iif != lo``)."""
    loopback = LOOPBACK_V4 if family == "ipv4" else LOOPBACK_V6
    for r in rules:
        if r.verdict not in DROPS or r.iif not in (None, "!lo") or not r.for_family(family):
            continue
        if r.protos is not None or r.dports is not None or r.states is not None or r.other:
            continue
        if r.saddr and not any(s.startswith("!") for s in r.saddr):
            nets = [n for n in _networks(r.saddr) if n.version == loopback.version]
            if any(loopback.subnet_of(n) for n in nets):  # type: ignore[arg-type]
                return r
    return None


def names_port(rule: Rule, proto: str, port: int, family: str) -> bool:
    """Whether the rule is a rule for new ``proto``/``port`` connections of ``family``:
    it names the port (or any port of the protocol) and is not limited to loopback."""
    if rule.verdict not in ("accept", *DROPS) or not rule.for_family(family):
        return False
    if rule.iif == "lo" or not rule.new_connections:
        return False
    if rule.protos is not None and proto not in rule.protos:
        return False
    if rule.ports_unknown:
        return True
    if rule.dports is None:  # no port match: a rule for every port only when it accepts
        return rule.verdict == "accept"
    inside = any(low <= port <= high for low, high in rule.dports)
    return inside != rule.dports_negated


def port_rule(rules: list[Rule], proto: str, port: int, family: str) -> Rule | None:
    """The first rule accepting new connections to the port, else the first refusing them."""
    named = [r for r in rules if names_port(r, proto, port, family)]
    return next((r for r in named if r.verdict == "accept"), named[0] if named else None)


def _number_or(word: str, default: int) -> int:
    number = whole_number(word)
    return default if number is None else number


def port_values(words: Iterable[str], separator: str = "-") -> tuple[tuple[int, int], ...] | None:
    """Ports and ranges (``22``, ``1000-2000``, ``ssh``); None if one cannot be resolved."""
    found = []
    for word in words:
        low, _, high = word.strip().partition(separator)
        values = [SERVICES.get(v, _number_or(v, -1)) for v in (low, high or low)]
        if -1 in values:
            return None
        found.append((values[0], values[1]))
    return tuple(found)
