"""Drafts of units and hosts that importers build, and their rendering as inventory YAML."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from auditor.errors import UsageError
from auditor.inventory import ID_PATTERN, Connection, HostEntry
from auditor.messages import Message

_ID = re.compile(ID_PATTERN)


@dataclass
class HostDraft:
    """A host to write: its settings are only those it does not inherit from its unit."""

    name: str
    address: str
    settings: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    comment: str | None = None

    def entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "address": self.address, **self.settings}
        if self.tags:
            out["tags"] = self.tags
        return out


@dataclass
class UnitDraft:
    id: str
    name: str
    defaults: dict[str, Any] = field(default_factory=dict)
    hosts: list[HostDraft] = field(default_factory=list)
    children: list[UnitDraft] = field(default_factory=list)
    comment: str | None = None
    devices: list[HostDraft] = field(default_factory=list)  # audited from the network only

    def host_count(self) -> int:
        own = len(self.hosts) + len(self.devices)
        return own + sum(c.host_count() for c in self.children)


@dataclass
class Imported:
    """What an importer found: top defaults, the units, and notes for the person (stderr)."""

    units: list[UnitDraft]
    defaults: dict[str, Any] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)
    header: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """An id the inventory accepts, from a group or host name: ASCII, lower case, no spaces."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    out = re.sub(r"[^a-z0-9_.-]+", "-", ascii_text)
    out = re.sub(r"^[^a-z0-9]+", "", out).rstrip("-")
    return out or "unit"


class Names:
    """Hands out unique ids: the wanted one if free and valid, else its slug with a suffix."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def get(self, wanted: str, keep_case: bool = False) -> str:
        base = wanted if keep_case and _ID.match(wanted) else slug(wanted)
        name, n = base, 2
        while name in self.used:
            name, n = f"{base}-{n}", n + 1
        self.used.add(name)
        return name


def check_id(unit_id: str) -> str:
    if not _ID.match(unit_id):
        raise UsageError(
            "unit id {unit!r} must start with a letter or digit and hold only letters, digits, "
            "'_', '.' and '-'",
            unit=unit_id,
        )
    return unit_id


def valid_settings(settings: dict[str, Any], where: str, notes: list[Message]) -> dict[str, Any]:
    """``settings`` without those the inventory would refuse; a note names each left out."""
    try:
        Connection(**settings)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors()}
        notes += [
            Message.of("{setting} of {where} left out: {problem}", setting=str(e["loc"][0]),
                       where=where, problem=str(e["msg"]))
            for e in exc.errors()
        ]  # fmt: skip
        return {k: v for k, v in settings.items() if k not in bad}
    return settings


def host_problem(name: str, address: str, settings: dict[str, Any]) -> str | None:
    """Why the inventory would refuse this host entry, or None."""
    try:
        HostEntry(name=name, address=address, **settings)
    except ValidationError as exc:
        return "; ".join(str(e["msg"]) for e in exc.errors())
    return None


def _flow(value: Any) -> str:
    """``value`` as one line of flow-style YAML."""
    text = yaml.safe_dump(
        [value], default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**9
    ).strip()
    return text[1:-1]


def _comment(text: str) -> str:
    return " ".join(text.split())


def render(result: Imported, header: list[str]) -> str:
    """The inventory as YAML with the layout of the README's example."""
    lines = [f"# {_comment(h)}" for h in header]
    if result.defaults:
        lines.append(f"defaults: {_flow(result.defaults)}")
    lines.append("units:")

    def unit(u: UnitDraft, indent: str) -> None:
        if u.comment:
            lines.append(f"{indent}# {_comment(u.comment)}")
        lines.append(f"{indent}- id: {_flow(u.id)}")
        inner = indent + "  "
        lines.append(f"{inner}name: {_flow(u.name)}")
        if u.defaults:
            lines.append(f"{inner}defaults: {_flow(u.defaults)}")
        for key, entries in (("hosts", u.hosts), ("devices", u.devices)):
            if entries:
                lines.append(f"{inner}{key}:")
            for h in entries:
                if h.comment:
                    lines.append(f"{inner}  # {_comment(h.comment)}")
                lines.append(f"{inner}  - {_flow(h.entry())}")
        if u.children:
            lines.append(f"{inner}children:")
            for child in u.children:
                unit(child, inner + "  ")

    for u in result.units:
        unit(u, "  ")
    return "\n".join(lines) + "\n"
