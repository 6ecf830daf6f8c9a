"""nftables rulesets: the input base chains of a saved file (nft's syntax, read with the
leniency of nft itself: statements end at a newline or ``;``, a chain's header may share a line
with its ``{``, its policy and its rules) and of ``nft -j list ruleset`` (nft's canonical JSON).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# Words that open a named block when a statement "KEYWORD NAME" (or "table FAMILY NAME") is
# followed by "{"; any other "{" is an anonymous set or map inside a rule.
BLOCKS = {"table", "chain", "set", "map", "flowtable", "counter", "quota", "limit", "secmark",
          "synproxy", "ct"}  # fmt: skip
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


def _without_comments(text: str) -> str:
    """The text with ``#`` comments removed (not inside quotes) and continued lines joined."""
    out = []
    for line in text.replace("\\\n", " ").split("\n"):
        quoted, kept = False, []
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif ch == "#" and not quoted:
                break
            kept.append(ch)
        out.append("".join(kept))
    return "\n".join(out)


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


def parse_text(text: str) -> Block:
    """The block tree of an nftables file."""
    root = Block("")
    stack = [root]
    current: list[str] = []
    anonymous = 0  # depth of braces inside the statement being read
    quoted = False

    def end_statement() -> None:
        statement = " ".join("".join(current).split())
        if statement:
            stack[-1].statements.append(statement)
        current.clear()

    for ch in _without_comments(text):
        if quoted:
            current.append(ch)
            quoted = ch != '"'
        elif ch == '"':
            current.append(ch)
            quoted = True
        elif ch == "{":
            if anonymous == 0 and _opens_block("".join(current)):
                block = Block(" ".join("".join(current).split()))
                stack[-1].blocks.append(block)
                stack.append(block)
                current.clear()
            else:
                anonymous += 1
                current.append(ch)
        elif ch == "}":
            if anonymous:
                anonymous -= 1
                current.append(ch)
            else:
                end_statement()
                if len(stack) > 1:
                    stack.pop()
        elif ch in ";\n" and anonymous == 0:
            end_statement()
        else:
            current.append(" " if ch in "\t\n" else ch)
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
    for statement in _all_statements(root):
        words = statement.split()
        if words[:2] in (["add", "rule"], ["insert", "rule"]) and len(words) > 4:
            family = words[2] in ("ip", "ip6", "inet", "arp", "bridge", "netdev")
            start = 3 if family else 2
            chain, rule = words[start + 1], " ".join(words[start + 2 :])
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


VERDICT_WORDS = ("counter", "log", "limit", "drop", "accept", "reject")


def _rule_text(expressions: list[dict[str, object]]) -> str:
    """A short text of a JSON rule: its statements' names, ``match ...`` for each match."""
    keys = [next(iter(expr), "") for expr in expressions]
    return " ".join(k if k in VERDICT_WORDS else f"{k} ..." for k in keys)


def input_chains_of_json(text: str) -> list[InputChain]:
    """The input base chains of ``nft -j list ruleset``; ValueError if it is not that JSON."""
    document = json.loads(text)
    items = document.get("nftables") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ValueError("not the JSON of nft -j list ruleset")
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
