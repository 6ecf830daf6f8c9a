"""iptables rules in iptables-save format (``/etc/iptables/rules.v4``, ufw's ``*.rules``,
``iptables-save`` itself) or ``iptables -S``, as netfilter chains of the filter table."""

from __future__ import annotations

from typing import Any

from auditor.parsers import netfilter
from auditor.parsers.config import shell_words
from auditor.parsers.netfilter import Chain, Rule, port_values

PROTOCOLS = {**netfilter.PROTOCOLS, "all": "", "0": ""}  # "all": no protocol match
# Options that take no argument, and those read into the model (long and short spellings).
FLAGS = {"--syn", "--set", "--update", "--rcheck", "--remove", "--rsource", "--rdest",
         "--reap", "--rttl", "--log-uid", "--log-tcp-sequence", "--log-tcp-options",
         "--log-ip-options"}  # fmt: skip
ALIASES = {"--in-interface": "-i", "--out-interface": "-o", "--source": "-s", "--src": "-s",
           "--protocol": "-p", "--jump": "-j", "--goto": "-g", "--destination-port": "--dport",
           "--destination-ports": "--dports", "--append": "-A", "--match": "-m"}  # fmt: skip
NOOP_MATCHES = {"comment", "tcp", "udp", "multiport", "conntrack", "state", "icmp", "icmp6",
                "sctp"}  # fmt: skip


def _options(words: list[str]) -> list[tuple[str, bool, list[str]]]:
    """The options of a rule: (option, negated, arguments)."""
    found: list[tuple[str, bool, list[str]]] = []
    negated = False
    i = 0
    while i < len(words):
        word = words[i]
        if word == "!":
            negated = True
            i += 1
            continue
        if not word.startswith("-"):
            if found:
                found[-1][2].append(word)
            i += 1
            continue
        option = ALIASES.get(word, word)
        args: list[str] = []
        i += 1
        if option not in FLAGS:
            while i < len(words) and not words[i].startswith("-") and words[i] != "!":
                args.append(words[i])
                i += 1
        found.append((option, negated, args))
        negated = False
    return found


def rule_of_args(text: str) -> tuple[str, Rule]:
    """The chain and the rule of an ``-A CHAIN ...`` line."""
    words = shell_words(text)
    options = _options(words)
    chain = options[0][2][0] if options and options[0][0] == "-A" and options[0][2] else ""
    fields: dict[str, Any] = {}
    for option, negated, args in options[1:]:
        value = args[0] if args else ""
        if option in ("-j", "-g"):
            target = value.lower()
            if target in ("accept", "drop", "reject", "return"):
                fields["verdict"] = target
            elif target in ("log", "nflog", "mark", "connmark", "ct"):
                pass
            else:
                fields.update(verdict="jump" if option == "-j" else "goto", target=value)
            break
        if option in ("-i", "-o"):
            fields["iif" if option == "-i" else "oif"] = f"!{value}" if negated else value
        elif option == "-s":
            fields["saddr"] = tuple(f"!{v}" if negated else v for v in value.split(","))
        elif option == "-p":
            proto = PROTOCOLS.get(value.lower(), value.lower())
            if negated:
                fields["other"] = True
            elif proto:
                fields["protos"] = frozenset({proto})
        elif option in ("--dport", "--dports"):
            ports = port_values(value.split(","), ":")
            fields.update(dports=ports, dports_negated=negated, ports_unknown=ports is None)
        elif option in ("--ctstate", "--state"):
            if negated:
                fields["other"] = True
            else:
                fields["states"] = frozenset(v.lower() for v in value.split(","))
        elif not (option == "-m" and value in NOOP_MATCHES) and option != "--comment":
            fields["other"] = True
    return chain, Rule(" ".join(text.split()), **fields)


def chains_of_save(lines: list[str], family: str = "ipv4") -> list[Chain] | None:
    """The chains of the filter table (the whole input when it names no table, as ``-S`` and
    ufw's files of one table); None when no chain or rule is found."""
    table, found = "filter", False
    policies: dict[str, str] = {}
    rules: dict[str, list[Rule]] = {}
    nf = "ip" if family == "ipv4" else "ip6"
    for raw in lines:
        line = raw.strip()
        if line.startswith("*"):
            table = line[1:].strip()
        elif table != "filter" or not line or line.startswith("#"):
            continue
        elif line.startswith(":"):
            name, _, policy = line[1:].partition(" ")
            policies[name] = policy.split()[0].lower() if policy.split() else ""
            rules.setdefault(name, [])
            found = True
        elif line.startswith("-P "):
            words = line.split()
            if len(words) >= 3:
                policies[words[1]] = words[2].lower()
                rules.setdefault(words[1], [])
                found = True
        elif line.startswith(("-A ", "--append ")):
            try:
                chain, rule = rule_of_args(line)
            except ValueError:
                continue
            rules.setdefault(chain, []).append(rule)
            found = True
        elif line.startswith("-N "):
            rules.setdefault(line.split()[1], [])
    if not found:
        return None
    hooks = {"INPUT": "input", "FORWARD": "forward", "OUTPUT": "output"}
    return [
        Chain(nf, "filter", name, hooks.get(name, ""), "filter" if name in hooks else "",
              policies.get(name, "") if policies.get(name) != "-" else "", tuple(chain_rules))
        for name, chain_rules in rules.items()
    ]  # fmt: skip
