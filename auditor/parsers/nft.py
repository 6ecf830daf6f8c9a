"""nftables rulesets: the input base chains of a saved file (nft's syntax, read with the
leniency of nft itself: statements end at a newline or ``;``, a chain's header may share a line
with its ``{``, its policy and its rules) and of ``nft -j list ruleset`` (nft's canonical JSON).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from auditor.parsers.netfilter import PROTOCOLS, Chain, Rule, port_values

# Words that open a named block when a statement "KEYWORD NAME" (or "table FAMILY NAME") is
# followed by "{"; any other "{" is an anonymous set or map inside a rule.
BLOCKS = {"table", "chain", "set", "map", "flowtable", "counter", "quota", "limit", "secmark",
          "synproxy", "ct"}  # fmt: skip
FAMILIES = ("ip", "ip6", "inet", "arp", "bridge", "netdev")
FINAL_DENY = re.compile(
    r"(?:counter(?: packets \d+ bytes \d+)?\s+)?(?:log\b.*?\s+)?(drop|reject\b.*)"
)


@dataclass
class Block:
    """A block of an nftables file: its header (``chain input``), statements and sub-blocks."""

    header: str
    statements: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class InputChain:
    """A base chain on the input hook: its policy and the rule it ends with."""

    name: str
    policy: str  # "drop", "accept", or "" when unset (nft's default: accept)
    last_rule: str
    header: str  # the chain's type and policy as written

    @property
    def denies(self) -> bool:
        """Dropped unless a rule accepts: policy drop, or a last rule that drops everything."""
        return self.policy == "drop" or FINAL_DENY.fullmatch(self.last_rule) is not None

    def describe(self) -> str:
        shown = f"chain {self.name}: {self.header}"
        return (
            shown
            if self.policy == "drop" or not self.last_rule
            else f"{shown} ... {self.last_rule}"
        )


_QUOTE_OR_HASH = re.compile(r'["#]')


def _without_comment(line: str) -> str:
    """The line up to its first ``#`` outside quotes."""
    quoted = False
    for match in _QUOTE_OR_HASH.finditer(line):
        if match.group() == '"':
            quoted = not quoted
        elif not quoted:
            return line[: match.start()]
    return line


def _without_comments(text: str) -> str:
    """The text with ``#`` comments removed (not inside quotes) and continued lines joined."""
    return "\n".join(map(_without_comment, text.replace("\\\n", " ").split("\n")))


def _words(statement: str) -> list[str]:
    """A statement's words without a leading ``add``/``create`` (nft's command form)."""
    words = statement.split()
    return words[1:] if words[:1] in (["add"], ["create"]) else words


def _opens_block(statement: str) -> bool:
    words = _words(statement)
    if not words or words[0] not in BLOCKS:
        return False
    if words[0] == "ct":
        return len(words) >= 3 and words[1] in ("helper", "timeout", "expectation")
    return 2 <= len(words) <= 5


# what parse_text acts on: a quoted string (to the next quote, or the end), braces, statement ends
_TOKENS = re.compile(r'"[^"]*"?|[{};\n]')


def parse_text(text: str) -> Block:
    """The block tree of an nftables file."""
    root = Block("")
    stack = [root]
    current: list[str] = []  # the statement being read (its blanks are normalised at its end)
    anonymous = 0  # depth of braces inside the statement being read

    def end_statement() -> None:
        statement = " ".join("".join(current).split())
        if statement:
            stack[-1].statements.append(statement)
        current.clear()

    text = _without_comments(text)
    start = 0
    for match in _TOKENS.finditer(text):
        current.append(text[start : match.start()])
        start = match.end()
        token = match.group()
        if token == "{":
            if anonymous == 0 and _opens_block("".join(current)):
                block = Block(" ".join("".join(current).split()))
                stack[-1].blocks.append(block)
                stack.append(block)
                current.clear()
            else:
                anonymous += 1
                current.append(token)
        elif token == "}":
            if anonymous:
                anonymous -= 1
                current.append(token)
            else:
                end_statement()
                if len(stack) > 1:
                    stack.pop()
        elif token in ";\n" and anonymous == 0:
            end_statement()
        else:  # a quoted string, or a statement end inside braces
            current.append(token)
    current.append(text[start:])
    end_statement()
    return root


def _chains(block: Block) -> list[Block]:
    found = []
    for sub in block.blocks:
        if _words(sub.header)[:1] == ["chain"]:
            found.append(sub)
        found += _chains(sub)
    return found


def input_chains_of_text(text: str) -> list[InputChain]:
    """The input base chains of an nftables file, with the rules added by ``add rule``
    commands to chains of that name."""
    root = parse_text(text)
    added: dict[str, list[str]] = {}
    for (_, _, chain), rule, _ in _added_rules(root):
        added.setdefault(chain, []).append(rule)
    chains = []
    for chain in _chains(root):
        name = chain.header.split()[-1]
        hook = next(
            (s for s in chain.statements if re.match(r"type\s+filter\s+hook\s+input\b", s)), None
        )
        if hook is None:
            continue
        policy = ""
        rules = []
        for s in chain.statements:
            match = re.fullmatch(r"policy\s+(\w+)", s)
            if match:
                policy = match.group(1)
            elif s is not hook and not s.startswith(("comment ", "devices ")):
                rules.append(s)
        rules += added.get(name, [])
        header = f"{hook}; policy {policy}" if policy else hook
        chains.append(InputChain(name, policy, rules[-1] if rules else "", header))
    return chains


def _all_statements(block: Block) -> list[str]:
    return [*block.statements, *(s for b in block.blocks for s in _all_statements(b))]


def _added_rules(root: Block) -> list[tuple[tuple[str, str, str], str, bool]]:
    """The ``add rule``/``insert rule`` commands of a file: the (family, table, chain) they
    name (family ``ip`` when unnamed), the rule, and whether it is inserted first."""
    found = []
    for statement in _all_statements(root):
        words = statement.split()
        if words[:2] in (["add", "rule"], ["insert", "rule"]) and len(words) > 4:
            start = 3 if words[2] in FAMILIES else 2
            family = words[2] if start == 3 else "ip"
            key = (family, words[start], words[start + 1])
            found.append((key, " ".join(words[start + 2 :]), words[0] == "insert"))
    return found


def _json_items(text: str) -> list[Any]:
    """The items of ``nft -j list ruleset``; ValueError if it is not that JSON."""
    document = json.loads(text)
    items = document.get("nftables") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ValueError("not the JSON of nft -j list ruleset")
    return items


VERDICT_WORDS = ("counter", "log", "limit", "drop", "accept", "reject")


def _rule_text(expressions: list[dict[str, object]]) -> str:
    """A short text of a JSON rule: its statements' names, ``match ...`` for each match."""
    keys = [next(iter(expr), "") for expr in expressions]
    return " ".join(k if k in VERDICT_WORDS else f"{k} ..." for k in keys)


def input_chains_of_json(text: str) -> list[InputChain]:
    """The input base chains of ``nft -j list ruleset``; ValueError if it is not that JSON."""
    items = _json_items(text)
    chains: dict[tuple[str, str, str], dict[str, object]] = {}
    last: dict[tuple[str, str, str], str] = {}
    for item in items:
        if "chain" in item:
            c = item["chain"]
            if c.get("hook") == "input" and c.get("type") == "filter":
                chains[(c["family"], c["table"], c["name"])] = c
        elif "rule" in item:
            r = item["rule"]
            last[(r["family"], r["table"], r["chain"])] = _rule_text(r.get("expr", []))
    found = []
    for key, c in chains.items():
        policy = str(c.get("policy", ""))
        header = f"type filter hook input priority {c.get('prio', 0)}; policy {policy or 'accept'}"
        name = f"{key[0]} {key[1]} {key[2]}"
        found.append(InputChain(name, policy, last.get(key, ""), header))
    return found


# The ruleset as netfilter chains (auditor.parsers.netfilter), from a saved file or nft's JSON.

VALUE = r'(?:\{[^}]*\}|"[^"]*"|[^\s{}]+)'
NEG = r"(!=\s*)?"
MATCHES: list[tuple[str, re.Pattern[str]]] = [
    ("iface", re.compile(rf"(?:meta\s+)?(iif|iifname|oif|oifname)\s+{NEG}({VALUE})")),
    ("saddr", re.compile(rf"\b(ip|ip6)\s+saddr\s+{NEG}({VALUE})")),
    ("l3proto", re.compile(rf"\b(ip\s+protocol|ip6\s+nexthdr|meta\s+l4proto)\s+{NEG}({VALUE})")),
    ("nfproto", re.compile(rf"\bmeta\s+nfproto\s+({VALUE})")),
    ("dport", re.compile(rf"\b(tcp|udp|sctp|dccp|udplite|th)\s+dport\s+{NEG}({VALUE})")),
    ("icmp", re.compile(rf"\b(icmp|icmpv6)\s+(?:type|code)\s+{NEG}({VALUE})")),
    ("state", re.compile(rf"\bct\s+(state)\s+{NEG}({VALUE})")),
    ("l4other", re.compile(rf"\b(tcp|udp|sctp|dccp|udplite|th)\s+\w+\s+{NEG}({VALUE})")),
    ("l3other", re.compile(rf"\b(ip|ip6)\s+\w+\s+{NEG}({VALUE})")),
    ("noop", re.compile(r'\bcounter(?:\s+packets\s+\d+\s+bytes\s+\d+)?|\blog\b(?:\s+(?:prefix\s+"'
                        r'[^"]*"|level\s+\S+|flags\s+\S+|group\s+\d+))*')),
]  # fmt: skip
VERDICT = re.compile(
    r"(?:\b(?P<jump>jump|goto)\s+(?P<target>\S+)|\b(?P<reject>reject)\b.*"
    r"|\b(?P<simple>accept|drop|return|continue|queue)\b.*)\s*$"
)
VMAP = re.compile(rf"\b(tcp|udp|sctp|dccp|udplite|th)\s+dport\s+vmap\s+({VALUE})")


def _elements(value: str, sets: dict[str, list[str]]) -> list[str] | None:
    """The words of a value: ``lo``, ``"lo"``, ``{ 22, 80 }``, ``@name`` (None: unknown set)."""
    value = value.strip()
    if value.startswith("@"):
        return sets.get(value[1:])
    if value.startswith("{"):
        value = value[1:-1]
    return [w.strip().strip('"') for w in value.split(",") if w.strip()]


def _rule_of_text(statement: str, sets: dict[str, list[str]]) -> list[Rule]:
    """The rules of one statement of a chain (a verdict map gives one rule per element)."""
    text = re.sub(r'\bcomment\s+"[^"]*"', "", statement).strip()
    fields: dict[str, Any] = {}
    vmap = VMAP.search(text)
    verdicts: list[tuple[str, str, tuple[tuple[int, int], ...] | None]] = []
    if vmap:
        rest = text[: vmap.start()] + text[vmap.end() :]
        proto = vmap.group(1)
        if proto != "th":
            fields["protos"] = frozenset({proto})
        for element in _elements(vmap.group(2), {}) or []:
            key, _, verdict = element.partition(":")
            words = verdict.split()
            if words:
                ports = port_values([key])
                verdicts.append((words[0], words[1] if len(words) > 1 else "", ports))
    else:
        match = VERDICT.search(text)
        rest = text[: match.start()] if match else text
        if match and match.group("jump"):
            verdicts.append((match.group("jump"), match.group("target"), None))
        elif match:
            verdicts.append((match.group("reject") or match.group("simple"), "", None))
        else:
            verdicts.append(("", "", None))
    for kind, pattern in MATCHES:
        for found in pattern.finditer(rest):
            _read_match(kind, found, sets, fields)
        rest = pattern.sub(" ", rest)
    if rest.strip():
        fields["other"] = True
    rules = []
    for verdict, target, ports in verdicts:
        extra: dict[str, Any] = {"verdict": verdict, "target": target}
        if vmap:
            extra.update(dports=ports, ports_unknown=ports is None)
        rules.append(Rule(statement, **{**fields, **extra}))
    return rules


def _read_match(kind: str, found: re.Match[str], sets: dict[str, list[str]], fields: dict) -> None:
    """Set the fields of one match of a rule's text (see MATCHES)."""
    if kind == "noop":
        return
    if kind == "nfproto":
        fields["nfproto"] = found.group(1)
        return
    key, negated, value = found.group(1), bool(found.group(2)), found.group(3)
    words = _elements(value, sets)
    if kind == "iface":
        name = "iif" if key.startswith("i") else "oif"
        if words is None or len(words) != 1:
            fields["other"] = True
        else:
            fields[name] = f"!{words[0]}" if negated else words[0]
    elif kind == "saddr":
        fields["nfproto"] = "ipv4" if key == "ip" else "ipv6"
        if words is None:
            fields["other"] = True
        else:
            fields["saddr"] = tuple(f"!{w}" if negated else w for w in words)
    elif kind == "l3proto":
        if negated or words is None:
            fields["other"] = True
        else:
            fields["protos"] = frozenset(PROTOCOLS.get(w, w) for w in words)
        if key.startswith("ip"):
            fields["nfproto"] = "ipv4" if key.startswith("ip ") else "ipv6"
    elif kind == "dport":
        if key != "th":
            fields["protos"] = frozenset({key})
        ports = port_values(words) if words is not None else None
        fields.update(dports=ports, dports_negated=negated, ports_unknown=ports is None)
    elif kind == "icmp":
        fields["protos"] = frozenset({"icmp" if key == "icmp" else "ipv6-icmp"})
        fields["nfproto"] = "ipv4" if key == "icmp" else "ipv6"
    elif kind == "state":
        if negated or words is None:
            fields["other"] = True
        else:
            fields["states"] = frozenset(words)
    else:  # a match on another header field: restricts the rule, and names its protocol
        fields["other"] = True
        if kind == "l4other" and key != "th":
            fields["protos"] = frozenset({key})
        elif kind == "l3other":
            fields["nfproto"] = "ipv4" if key == "ip" else "ipv6"


def _defines(root: Block) -> dict[str, str]:
    found = {}
    for statement in _all_statements(root):
        match = re.fullmatch(r"(?:re)?define\s+(\w+)\s*=\s*(.+)", statement)
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


def _substitute(statement: str, defines: dict[str, str]) -> str:
    for _ in range(5):
        replaced = re.sub(r"\$(\w+)", lambda m: defines.get(m.group(1), m.group(0)), statement)
        if replaced == statement:
            break
        statement = replaced
    # a define of a set used inside a set: { $A, 22 } -> { { 22, 80 }, 22 } -> flattened
    return re.sub(r"\{([^{}]*)\{([^{}]*)\}", r"{\1\2", statement)


def chains_of_text(text: str) -> list[Chain]:
    """Every chain of an nftables file, in the block form or the command form, with the rules
    added by ``add rule``/``insert rule``, variables and named sets resolved."""
    root = parse_text(text)
    defines = _defines(root)
    heads: dict[tuple[str, str, str], dict[str, str]] = {}
    bodies: dict[tuple[str, str, str], list[str]] = {}
    sets: dict[tuple[str, str], dict[str, list[str]]] = {}

    def table_of(words: list[str]) -> tuple[str, str]:
        return (words[0], words[1]) if words[0] in FAMILIES else ("ip", words[0])

    def chain(key: tuple[str, str, str], statements: list[str]) -> None:
        head = heads.setdefault(key, {})
        body = bodies.setdefault(key, [])
        for s in statements:
            hook = re.match(r"type\s+(\w+)\s+hook\s+(\w+)", s)
            policy = re.fullmatch(r"policy\s+(\w+)", s)
            if hook:
                head.update(type=hook.group(1), hook=hook.group(2))
            elif policy:
                head["policy"] = policy.group(1)
            elif not s.startswith(("comment ", "devices ", "priority ")):
                body.append(s)

    def walk(block: Block, table: tuple[str, str] | None) -> None:
        words = _words(block.header)
        if words[:1] == ["table"] and len(words) >= 2:
            table = table_of(words[1:])
        elif words[:1] == ["chain"] and len(words) >= 2:
            where = table_of(words[1:-1]) if len(words) > 2 else table
            if where:
                chain((*where, words[-1]), block.statements)
        elif words[:1] in (["set"], ["map"]) and table and len(words) >= 2:
            for s in block.statements:
                match = re.fullmatch(r"elements\s*=\s*\{(.*)\}", s)
                if match:
                    values = [w.strip() for w in match.group(1).split(",") if w.strip()]
                    sets.setdefault(table, {})[words[-1]] = values
        for sub in block.blocks:
            walk(sub, table)

    walk(root, None)
    for key, rule, first in _added_rules(root):
        body = bodies.setdefault(key, [])
        body.insert(0, rule) if first else body.append(rule)
        heads.setdefault(key, {})
    found = []
    for key, statements in bodies.items():
        named = sets.get((key[0], key[1]), {})
        rules = tuple(r for s in statements for r in _rule_of_text(_substitute(s, defines), named))
        head = heads.get(key, {})
        found.append(Chain(*key, head.get("hook", ""), head.get("type", ""),
                           head.get("policy", ""), rules))  # fmt: skip
    return found


def _json_words(value: Any, sets: dict[str, list[str]]) -> list[str] | None:
    """The words of a JSON value, as _elements gives them for the text."""
    if isinstance(value, str):
        return sets.get(value[1:]) if value.startswith("@") else [value]
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return [str(value)]
    if isinstance(value, list):
        words: list[str] = []
        for item in value:
            more = _json_words(item, sets)
            if more is None:
                return None
            words += more
        return words
    if isinstance(value, dict):
        if "set" in value:
            return _json_words(value["set"], sets)
        if "prefix" in value:
            return [f"{value['prefix']['addr']}/{value['prefix']['len']}"]
        if "range" in value:
            low, high = value["range"]
            return [f"{low}-{high}"]
    return None


def _render(value: Any) -> str:
    words = _json_words(value, {})
    if words is None:
        return str(value) if isinstance(value, str) else "..."
    return words[0] if len(words) == 1 else "{ " + ", ".join(words) + " }"


def _match_text(left: dict[str, Any], op: str, right: Any) -> tuple[str, str]:
    """The nft text of a JSON match, and the keyword kind of MATCHES it reads as."""
    if "meta" in left:
        key = left["meta"].get("key", "")
        name = key if key in ("iif", "iifname", "oif", "oifname") else f"meta {key}"
    elif "payload" in left:
        name = f"{left['payload'].get('protocol', '')} {left['payload'].get('field', '')}"
    elif "ct" in left:
        name = f"ct {left['ct'].get('key', '')}"
    else:
        name = next(iter(left), "?")
    shown = f"{name} {'!= ' if op == '!=' else ''}{_render(right)}"
    return shown, name


def _rule_of_json(expressions: list[dict[str, Any]], sets: dict[str, list[str]]) -> list[Rule]:
    """A JSON rule as the same Rule its nft text gives."""
    parts = []
    for expr in expressions:
        kind, body = next(iter(expr.items()), ("", None))
        if kind == "match" and isinstance(body, dict):
            left, right = body.get("left", {}), body.get("right")
            if isinstance(left, dict):
                words = _json_words(right, sets)
                shown, _ = _match_text(left, body.get("op", "=="), right)
                if words is not None and not isinstance(right, str | int):
                    shown = shown.replace(_render(right), "{ " + ", ".join(words) + " }")
                parts.append(shown)
                continue
            parts.append("match ...")
        elif kind in ("accept", "drop", "reject", "return", "continue", "queue", "counter", "log"):
            parts.append(kind)
        elif kind in ("jump", "goto") and isinstance(body, dict):
            parts.append(f"{kind} {body.get('target', '')}")
        elif kind == "vmap" and isinstance(body, dict):
            key = body.get("key", {})
            name = _match_text(key, "==", 0)[1] if isinstance(key, dict) else "?"
            data = body.get("data")
            items = data.get("set", []) if isinstance(data, dict) else []
            elements = []
            for item in items:
                if isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict):
                    verdict, target = next(iter(item[1].items()))
                    shown = verdict + (f" {target['target']}" if isinstance(target, dict) else "")
                    elements.append(f"{_render(item[0])} : {shown}")
            parts.append(f"{name} vmap {{ {', '.join(elements)} }}")
        else:
            parts.append(f"{kind} ...")
    return _rule_of_text(" ".join(parts), sets)


def chains_of_json(text: str) -> list[Chain]:
    """Every chain of ``nft -j list ruleset``; ValueError if it is not that JSON."""
    items = _json_items(text)
    heads: dict[tuple[str, str, str], dict[str, Any]] = {}
    bodies: dict[tuple[str, str, str], list[list[dict[str, Any]]]] = {}
    sets: dict[tuple[str, str], dict[str, list[str]]] = {}
    for item in items:
        if "chain" in item:
            c = item["chain"]
            key = (c["family"], c["table"], c["name"])
            heads[key] = c
            bodies.setdefault(key, [])
        elif "rule" in item:
            r = item["rule"]
            bodies.setdefault((r["family"], r["table"], r["chain"]), []).append(r.get("expr", []))
        elif "set" in item or "map" in item:
            s = item.get("set") or item["map"]
            words = _json_words(s.get("elem", []), {})
            if words is not None:
                sets.setdefault((s["family"], s["table"]), {})[s["name"]] = words
    found = []
    for key, rules in bodies.items():
        head = heads.get(key, {})
        named = sets.get((key[0], key[1]), {})
        parsed = tuple(r for expr in rules for r in _rule_of_json(expr, named))
        found.append(Chain(*key, head.get("hook", ""), head.get("type", ""),
                           str(head.get("policy", "")), parsed))  # fmt: skip
    return found
