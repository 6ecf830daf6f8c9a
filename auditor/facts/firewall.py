"""The ``firewall`` fact: boot state and saved rules of nftables/iptables/ufw/firewalld, and the
live rules."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.facts.base import FileDump, Raw, collector, section_files, sections, split_sections
from auditor.facts.process_list import PROCESSES, listed
from auditor.messages import Message
from auditor.parsers.config import UNIT_STATE_FUNCTION
from auditor.parsers.iptables import chains_of_save
from auditor.parsers.netfilter import Chain, Rule, expand
from auditor.parsers.nft import (
    InputChain,
    chains_of_json,
    chains_of_text,
    input_chains_of_json,
    input_chains_of_text,
)

FIREWALL_UNITS = ("nftables", "netfilter-persistent", "iptables", "ip6tables", "ufw", "firewalld")

# The units' states come from one subshell, a line each; on a host systemd runs, one systemctl
# prints whether each is active, a line each in their order (one each, as before, when it printed
# fewer, and where systemd does not run: each prints nothing there).
FIREWALL_SCRIPT = f"""
{UNIT_STATE_FUNCTION}
sec units
states=$(for s in {" ".join(FIREWALL_UNITS)}; do unit_state $s.service; done)
active=""
[ -d /run/systemd/system ] &&
  active=$(systemctl is-active {" ".join(u + ".service" for u in FIREWALL_UNITS)} 2>/dev/null)
lines_of "$active"
for s in {" ".join(FIREWALL_UNITS)}; do
  state=${{states%%"$NL"*}}; states=${{states#*"$NL"}}
  if [ "$_k" = {len(FIREWALL_UNITS)} ]; then a=${{active%%"$NL"*}}; active=${{active#*"$NL"}}
  else a=$(systemctl is-active $s.service 2>/dev/null | head -n 1); fi
  echo "$s $state $a"
done
shared processes  # the process list, in its own sections (comm and args, or proc)
if command -v dpkg-query >/dev/null 2>&1; then
  sec packages dpkg
  dpkg-query -W -f '${{db:Status-Abbrev}} ${{Package}}\\n' nftables ufw iptables \\
    iptables-persistent firewalld 2>/dev/null
elif command -v rpm >/dev/null 2>&1; then
  sec packages rpm
  rpm -q --qf 'ii %{{NAME}}\\n' nftables ufw iptables iptables-services iptables-nft-services \\
    firewalld 2>/dev/null | grep '^ii '
fi
sec ipv6
cat /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null || echo absent
sec files
dump_files /etc/nftables.conf /etc/nftables.d/*.nft /etc/sysconfig/nftables.conf \\
  /etc/nftables/*.nft /etc/iptables/rules.v4 /etc/iptables/rules.v6 /etc/sysconfig/iptables \\
  /etc/sysconfig/ip6tables /etc/ufw/ufw.conf /etc/default/ufw /etc/ufw/before.rules \\
  /etc/ufw/before6.rules /etc/ufw/user.rules /etc/ufw/user6.rules \\
  /etc/firewalld/firewalld.conf /etc/firewalld/zones/*.xml
if is_root; then
  if command -v nft >/dev/null 2>&1; then
    sec live nft; nft -j list ruleset 2>&1 | head -c 4000000; echo
  fi
  if command -v iptables-save >/dev/null 2>&1; then
    sec live iptables; iptables-save -t filter 2>&1 | head -n 3000
    sec live ip6tables; ip6tables-save -t filter 2>&1 | head -n 3000
  fi
  if command -v ufw >/dev/null 2>&1; then sec live ufw; ufw status verbose 2>&1 | head -n 100; fi
  if command -v firewall-cmd >/dev/null 2>&1; then
    sec live firewalld; firewall-cmd --state 2>&1; firewall-cmd --list-all 2>&1 | head -n 60
  fi
fi
exit 0
"""


@dataclass(frozen=True)
class Verdict:
    """Whether one source shows an input policy of deny, and the line that shows it."""

    deny: bool
    text: Message

    @property
    def evidence(self) -> str:
        """The line that shows it, in English."""
        return self.text.render("en")


@dataclass(frozen=True)
class Firewall:
    """Firewall services' boot state, their saved configuration files and the live rules."""

    units: dict[str, str]  # unit -> enabled, disabled, masked, absent (at boot)
    firewalld_running: bool
    files: dict[str, FileDump]
    live: dict[str, list[str]]
    active: dict[str, str] = field(default_factory=dict)  # unit -> systemctl is-active
    packages: frozenset[str] | None = None  # installed firewall packages; None: not read
    ipv6_disabled: bool | None = None  # the running kernel's; None: not known
    # rulesets parsed from the files and live rules, by (saved|live, tool): several checks
    # judge the same ones, and parsing them is most of their cost
    parsed: dict[tuple[str, str], list[Ruleset] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )


def _chains_verdict(chains: list[InputChain], origin: str) -> Verdict | None:
    """Input is denied by default when any input base chain denies (nft runs every base chain
    on the hook, and a drop in one is final); None when no chain hooks input."""
    if not chains:
        return None
    chosen = next((c for c in chains if c.denies), chains[0])
    text = Message.of("{origin}: {chain}", origin=origin, chain=chosen.describe())
    return Verdict(chosen.denies, text)


def nft_input_deny(lines: list[str], origin: str) -> Verdict | None:
    """Whether the input base chains of an nftables file drop by default (policy drop or a final
    drop or reject). None when no chain hooks input."""
    return _chains_verdict(input_chains_of_text("\n".join(lines)), origin)


def nft_json_input_deny(text: str, origin: str) -> Verdict | None:
    """The same from ``nft -j list ruleset``: no input chain is a verdict of its own; None when
    the output is not nft's JSON (nft refused, or the output was cut)."""
    try:
        chains = input_chains_of_json(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return _chains_verdict(chains, origin) or Verdict(
        False, Message.of("{origin}: no input chain", origin=origin)
    )


def iptables_input_deny(lines: list[str], origin: str) -> Verdict | None:
    """Whether iptables rules (``-S`` or iptables-save format) drop input by default."""
    policy, last = "", ""
    for raw in lines:
        line = raw.strip()
        match = re.match(r"(?:-P INPUT|:INPUT)\s+(\w+)", line)
        if match:
            policy = match.group(1)
        elif line.startswith("-A INPUT"):
            last = line
    if not policy:
        return None
    final = re.fullmatch(r"-A INPUT (?:-m comment --comment \S+ )?-j (DROP|REJECT)\b.*", last)
    if policy == "DROP":
        return Verdict(True, Message.of("{origin}: INPUT policy DROP", origin=origin))
    if final:
        return Verdict(
            True,
            Message.of(
                "{origin}: INPUT policy {policy}, last rule {rule}",
                origin=origin,
                policy=policy,
                rule=last,
            ),
        )
    return Verdict(
        False, Message.of("{origin}: INPUT policy {policy}", origin=origin, policy=policy)
    )


@collector("firewall", FIREWALL_SCRIPT, needs_root=True, uses=PROCESSES)
def parse_firewall(raw: Raw) -> Firewall:
    """Boot state and saved rules of nftables/iptables/ufw/firewalld, and the live rules."""
    parts = split_sections(raw.stdout)
    units: dict[str, str] = {}
    active: dict[str, str] = {}
    for line in parts.get("units", []):
        name, state, now = [*line.split(maxsplit=2), "", "", ""][:3]
        if name:
            units[name] = state
            active[name] = now.strip()
    running = any(p.comm == "firewalld" for p in listed(raw.stdout))
    live = {arg: lines for name, arg, lines in sections(raw.stdout) if name == "live"}
    packages = None
    if "packages" in parts:
        packages = frozenset(
            f[1]
            for f in (line.split() for line in parts["packages"])
            if len(f) == 2 and f[0] == "ii"
        )
    ipv6 = [x.strip() for x in parts.get("ipv6", []) if x.strip()]
    disabled = {"1": True, "0": False, "absent": True}.get(ipv6[0]) if ipv6 else None
    return Firewall(units, running, section_files(parts, "files"), live, active, packages, disabled)


NFT_MAIN = ("/etc/nftables.conf", "/etc/sysconfig/nftables.conf")

IPTABLES_FILES = {
    "netfilter-persistent": ("/etc/iptables/rules.v4", "/etc/iptables/rules.v6"),
    "iptables": ("/etc/sysconfig/iptables", "/etc/sysconfig/ip6tables"),
}


def setting(fw: Firewall, path: str, key: str) -> str | None:
    """The value of ``KEY=value`` in a saved file (ufw's and firewalld's configuration)."""
    dump = fw.files.get(path)
    for line in dump.lines() if dump else []:
        name, sep, value = line.strip().partition("=")
        if sep and name.strip() == key:
            return value.strip().strip("\"'")
    return None


def tools_in_use(fw: Firewall, running: bool) -> dict[str, Message]:
    """Each firewall tool in use, with what shows it: enabled at boot, or (``running``) active
    now. ufw counts when its own switch is on (``ENABLED=yes``) and its unit is not masked."""
    found: dict[str, Message] = {}

    def unit(tool: str, name: str) -> None:
        if fw.units.get(name) == "enabled":
            found.setdefault(tool, Message.of("{unit} enabled at boot", unit=f"{name}.service"))
        elif running and fw.active.get(name) == "active":
            found.setdefault(tool, Message.of("{unit} active", unit=f"{name}.service"))

    unit("nftables", "nftables")
    for name in ("netfilter-persistent", "iptables", "ip6tables"):
        unit("iptables", name)
    if setting(fw, "/etc/ufw/ufw.conf", "ENABLED") == "yes" and fw.units.get("ufw") != "masked":
        found["ufw"] = Message.of("/etc/ufw/ufw.conf: ENABLED=yes")
    elif running and "Status: active" in (x.strip() for x in fw.live.get("ufw", [])):
        found["ufw"] = Message.of("ufw status: active")
    unit("firewalld", "firewalld")
    if running and fw.firewalld_running:
        found.setdefault("firewalld", Message.of("firewalld running"))
    return found


def nft_boot_text(fw: Firewall) -> tuple[str, str, list[str]]:
    """The ruleset nftables.service loads at boot: the main file with its ``include`` lines
    replaced by the files they name; its path, and the includes that were not read."""
    main = next((p for p in NFT_MAIN if p in fw.files), "")
    missing: list[str] = []

    def read(text: str, depth: int) -> str:
        def include(match: re.Match[str]) -> str:
            pattern = match.group(1)
            paths = sorted(p for p in fw.files if fnmatch.fnmatch(p, pattern))
            if not paths or depth > 3:
                missing.append(pattern)
                return ""
            return "\n".join(read(fw.files[p].content, depth + 1) for p in paths)

        return re.sub(r'^\s*include\s+"([^"]+)"\s*;?\s*$', include, text, flags=re.M)

    return (main, read(fw.files[main].content, 0) if main else "", missing)


def iptables_files(fw: Firewall) -> tuple[str, str]:
    """The IPv4 and IPv6 rule files the iptables service enabled at boot restores."""
    for unit, (v4, v6) in IPTABLES_FILES.items():
        if fw.units.get(unit) == "enabled" or (unit == "iptables" and v4 in fw.files):
            return v4, v6
    return IPTABLES_FILES["netfilter-persistent"]


@dataclass(frozen=True)
class Ruleset:
    """The chains one tool puts on the input path, per address family, and where they are from."""

    origin: str  # a file, or the command that printed the running rules
    chains: list[Chain]
    families: tuple[str, ...]  # the address families it filters (ipv4, ipv6)

    def base(self, hook: str) -> list[tuple[Chain, list[Rule]]]:
        """The filter base chains on ``hook``, each with its rules (jumps expanded)."""
        return [
            (c, expand(c, self.chains))
            for c in self.chains
            if c.hook == hook and c.type in ("filter", "")
        ]


def _ufw_saved(fw: Firewall) -> list[Ruleset]:
    """ufw's input path from its files: before.rules then user.rules, ufw's default policy."""
    policy = (setting(fw, "/etc/default/ufw", "DEFAULT_INPUT_POLICY") or "").lower()
    found = []
    pairs = [("ipv4", "/etc/ufw/before.rules", "/etc/ufw/user.rules", "ufw")]
    if (setting(fw, "/etc/default/ufw", "IPV6") or "yes").lower() == "yes":
        pairs.append(("ipv6", "/etc/ufw/before6.rules", "/etc/ufw/user6.rules", "ufw6"))
    for family, before, user, prefix in pairs:
        lines = [x for p in (before, user) if p in fw.files for x in fw.files[p].lines()]
        chains = chains_of_save(lines, family) or []
        nf = "ip" if family == "ipv4" else "ip6"
        rules = [
            Rule(f"-A INPUT -j {prefix}-{part}-input", "jump", f"{prefix}-{part}-input")
            for part in ("before", "user")
        ]
        entry = Chain(nf, "filter", "INPUT", "input", "filter",
                      "drop" if policy in ("drop", "reject") else policy, tuple(rules))  # fmt: skip
        shown = f"{before} + {user}"
        found.append(Ruleset(shown, [entry, *chains], (family,)))
    return found


def saved_rulesets(fw: Firewall, tool: str) -> list[Ruleset]:
    """What the tool loads at boot, one ruleset per file (an empty list when none is saved);
    parsed once per fact. The rulesets are shared: read them, never change them."""
    if ("saved", tool) not in fw.parsed:
        fw.parsed["saved", tool] = _saved_rulesets(fw, tool)
    return fw.parsed["saved", tool] or []


def _saved_rulesets(fw: Firewall, tool: str) -> list[Ruleset]:
    if tool == "nftables":
        main, text, _ = nft_boot_text(fw)
        return [Ruleset(main, chains_of_text(text), ("ipv4", "ipv6"))] if main else []
    if tool == "iptables":
        found = []
        for path, family in zip(iptables_files(fw), ("ipv4", "ipv6"), strict=True):
            chains = chains_of_save(fw.files[path].lines(), family) if path in fw.files else None
            if chains is not None:
                found.append(Ruleset(path, chains, (family,)))
        return found
    if tool == "ufw":
        return _ufw_saved(fw)
    return []


def live_rulesets(fw: Firewall, tool: str) -> list[Ruleset] | None:
    """The running rules of the tool; None when they could not be read. Parsed once per fact,
    shared like :func:`saved_rulesets`."""
    if ("live", tool) not in fw.parsed:
        fw.parsed["live", tool] = _live_rulesets(fw, tool)
    return fw.parsed["live", tool]


def _live_rulesets(fw: Firewall, tool: str) -> list[Ruleset] | None:
    if tool == "nftables":
        try:
            chains = chains_of_json("\n".join(fw.live.get("nft", [])))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return [Ruleset("nft -j list ruleset", chains, ("ipv4", "ipv6"))]
    if tool in ("iptables", "ufw"):
        found = []
        for name, family in (("iptables", "ipv4"), ("ip6tables", "ipv6")):
            chains = chains_of_save(fw.live.get(name, []), family) if name in fw.live else None
            if chains is not None:
                found.append(Ruleset(f"{name}-save", chains, (family,)))
        return found or None
    return None


def rulesets_to_judge(
    fw: Firewall, tools: list[str], running: bool
) -> Iterator[tuple[str, bool, list[Ruleset] | None]]:
    """Each tool's saved rulesets, then (``running``) its running ones: (tool, whether they are
    the running ones, the rulesets or None when the running rules could not be read)."""
    for tool in tools:
        yield tool, False, saved_rulesets(fw, tool)
        if running:
            yield tool, True, live_rulesets(fw, tool)
