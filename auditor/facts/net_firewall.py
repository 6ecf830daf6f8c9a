"""Host firewall: the saved configuration of nftables, iptables, ufw and firewalld, and the
live ruleset when readable (nftables in nft's canonical JSON)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.facts.base import FileDump, Raw, collector, section_files, sections, split_sections
from auditor.facts.process_list import PROCESSES, listed
from auditor.facts.sys_util import UNIT_STATE_FUNCTION
from auditor.messages import Message
from auditor.parsers.nft import InputChain, input_chains_of_json, input_chains_of_text

FIREWALL_SCRIPT = f"""
{UNIT_STATE_FUNCTION}
sec units
for s in nftables netfilter-persistent iptables ufw firewalld; do
  echo "$s $(unit_state $s.service)"
done
cat  # the process list, in its own sections (comm and args, or proc)
sec files
dump_files /etc/nftables.conf /etc/nftables.d/*.nft /etc/sysconfig/nftables.conf \\
  /etc/nftables/*.nft /etc/iptables/rules.v4 /etc/sysconfig/iptables /etc/ufw/ufw.conf \\
  /etc/default/ufw /etc/firewalld/firewalld.conf /etc/firewalld/zones/*.xml
if is_root; then
  if command -v nft >/dev/null 2>&1; then
    sec live nft; nft -j list ruleset 2>&1 | head -c 4000000; echo
  fi
  if command -v iptables >/dev/null 2>&1; then
    sec live iptables; iptables -S INPUT 2>&1 | head -n 500
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

    units: dict[str, str]
    firewalld_running: bool
    files: dict[str, FileDump]
    live: dict[str, list[str]]


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
    for line in parts.get("units", []):
        name, _, state = line.partition(" ")
        if name:
            units[name] = state.strip()
    running = any(p.comm == "firewalld" for p in listed(raw.stdout))
    live = {arg: lines for name, arg, lines in sections(raw.stdout) if name == "live"}
    return Firewall(units, running, section_files(parts, "files"), live)
