"""Ansible inventories (INI and YAML) as auditor units and hosts.

Groups become units: a group's children become child units, under the parent that names them
first (a unit has one parent; an Ansible group may have several). A host sits in the deepest
group that lists it (the first such group on a tie); every other Ansible group it belongs to that
the unit tree does not already say becomes one of its tags. Host settings are resolved the way
Ansible resolves variables (group depth, ``ansible_group_priority``, name; host vars last) and
written only where they differ from what the unit's ``defaults:`` give.

Carried over: ``ansible_host`` (address), ``ansible_port``, ``ansible_user``,
``ansible_ssh_private_key_file`` (identity_file) and ``ansible_become`` with the sudo method
(sudo), with their ``ansible_ssh_*`` aliases. Nothing else is copied: passwords, vault values
and any variable whose name looks like a secret are reported by name only.
"""

from __future__ import annotations

import ast
import ipaddress
import re
import shlex
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.errors import UsageError
from auditor.importers.drafts import (
    HostDraft,
    Imported,
    Names,
    UnitDraft,
    host_problem,
    valid_settings,
)
from auditor.messages import Message
from auditor.yamlfile import LimitedLoader, parse_yaml

ALL, UNGROUPED = "all", "ungrouped"
MAX_EXPANSION = 65536


class Vaulted:
    """A value encrypted with ansible-vault (``!vault``): never read, never copied."""


VAULTED = Vaulted()


@dataclass
class Group:
    name: str
    hosts: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    vars: dict[str, Any] = field(default_factory=dict)


@dataclass
class Parsed:
    """An Ansible inventory as read: groups and host vars in the order of the file."""

    groups: dict[str, Group] = field(default_factory=dict)
    hostvars: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)

    def group(self, name: str) -> Group:
        return self.groups.setdefault(name, Group(name))

    def link(self, parent: str, child: str) -> None:
        self.group(child)
        if parent == ALL:
            return
        if child not in self.group(parent).children:
            self.groups[parent].children.append(child)
            self.groups[child].parents.append(parent)

    def add_host(self, group: str, host: str, variables: dict[str, Any]) -> None:
        members = self.group(group).hosts
        if group != ALL and host not in members:
            members.append(host)
        self.hostvars.setdefault(host, {}).update(variables)


# --- host patterns --------------------------------------------------------------------------

_RANGE = re.compile(r"\[([0-9A-Za-z]*):([0-9A-Za-z]*)(?::([0-9]+))?\]")
_BRACKETED_PORT = re.compile(r"^\[([^\]]+)\]:([0-9]+)$")
_HOST_PORT = re.compile(r"^((?:[^:\[\]]|\[[^\]]*\])+):([0-9]+)$")


def split_port(pattern: str) -> tuple[str, int | None]:
    """``host:port``, ``[v6]:port`` or a plain host (ranges included), as Ansible reads them."""
    m = _BRACKETED_PORT.match(pattern)
    if m:
        try:
            ipaddress.IPv6Address(m.group(1))
            return m.group(1), int(m.group(2))
        except ValueError:
            pass
    m = _HOST_PORT.match(pattern)
    if m:
        return m.group(1), int(m.group(2))
    return pattern, None


def expand(pattern: str) -> list[str]:
    """Every host of a pattern such as ``web[01:03].example`` or ``10.0.0.[1:9:2]``."""
    m = _RANGE.search(pattern)
    if m is None:
        return [pattern]
    head, tail = pattern[: m.start()], pattern[m.end() :]
    beg, end, step = m.group(1) or "0", m.group(2), int(m.group(3) or 1)
    if not end or step < 1:
        raise ValueError(f"invalid range in {pattern!r}")
    letters = string.ascii_letters
    if len(beg) == 1 and len(end) == 1 and beg in letters and end in letters:
        if letters.index(beg) > letters.index(end):
            raise ValueError(f"invalid range in {pattern!r}")
        items = list(letters[letters.index(beg) : letters.index(end) + 1 : step])
    elif beg.isdigit() and end.isdigit():
        width = len(beg) if beg.startswith("0") and len(beg) > 1 else 0
        if width and len(end) != width:
            raise ValueError(f"zero-padded range needs equal widths in {pattern!r}")
        count = (int(end) - int(beg)) // step + 1
        if count > MAX_EXPANSION:
            raise ValueError(f"range too large in {pattern!r}")
        items = [str(i).zfill(width) for i in range(int(beg), int(end) + 1, step)]
    else:
        raise ValueError(f"invalid range in {pattern!r}")
    return [host for item in items for host in expand(head + item + tail)]


def _hosts_of(pattern: str) -> list[tuple[str, int | None]]:
    host, port = split_port(pattern)
    return [(h, port) for h in expand(host)]


# --- INI ------------------------------------------------------------------------------------

_SECTION = re.compile(r"^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$")


def _ini_value(text: str) -> Any:
    """A value as Ansible's INI plugin reads it: a Python literal where it is one."""
    if "#" not in text:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return text
        if isinstance(value, str | int | float | bool):
            return value
    return text


def read_ini(path: Path, text: str) -> Parsed:
    """An INI inventory: ``[group]`` host lines, ``[group:vars]``, ``[group:children]``."""
    inv = Parsed()
    section, kind = UNGROUPED, "hosts"
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        where = f"{path}:{number}"
        m = _SECTION.match(line)
        if m:
            section, kind = m.group(1), m.group(2) or "hosts"
            if kind not in ("hosts", "vars", "children"):
                raise UsageError(
                    "{where}: unknown section type {kind!r}; expected vars or children",
                    where=where,
                    kind=kind,
                )
            inv.group(section)
            continue
        if line.startswith("["):
            raise UsageError("{where}: invalid section header {line!r}", where=where, line=line)
        if kind == "vars":
            if "=" not in line:
                raise UsageError(
                    "{where}: expected key=value in [{group}:vars]", where=where, group=section
                )
            key, value = line.split("=", 1)
            inv.group(section).vars[key.strip()] = _ini_value(value.strip())
            continue
        try:
            tokens = shlex.split(line, comments=True)
        except ValueError as exc:
            raise UsageError("{where}: {problem}", where=where, problem=str(exc)) from None
        if not tokens:
            continue
        if kind == "children":
            inv.link(section, tokens[0])
            continue
        variables: dict[str, Any] = {}
        for token in tokens[1:]:
            if "=" not in token:
                raise UsageError(
                    "{where}: expected key=value after the host, got {token!r}",
                    where=where,
                    token=token,
                )
            key, value = token.split("=", 1)
            variables[key] = _ini_value(value)
        try:
            hosts = _hosts_of(tokens[0])
        except ValueError as exc:
            raise UsageError("{where}: {problem}", where=where, problem=str(exc)) from None
        for host, port in hosts:
            inv.add_host(section, host, {**variables, **({"ansible_port": port} if port else {})})
    return inv


# --- YAML -----------------------------------------------------------------------------------


class Loader(LimitedLoader):
    """The auditor's bounded safe YAML with Ansible's tags: ``!vault`` (kept opaque) and
    ``!unsafe``."""


Loader.add_constructor("!vault", lambda loader, node: VAULTED)
Loader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))


def read_yaml(path: Path, text: str) -> Parsed:
    """A YAML inventory: ``all: {hosts:, children:, vars:}``, nested to any depth."""
    data, _ = parse_yaml(path, text, Loader)
    inv = Parsed()
    if data is None:
        return inv
    if not isinstance(data, dict):
        raise UsageError(
            "{path}: not an Ansible YAML inventory: the top level must map group names to groups",
            path=path,
        )

    def group(name: str, body: Any, parent: str) -> None:
        inv.link(parent, name)
        if body is None:
            return
        if not isinstance(body, dict):
            raise UsageError(
                "{path}: group {group!r} must be a mapping of hosts, children and vars",
                path=path,
                group=name,
            )
        for key, value in body.items():
            if value is None:
                continue
            if not isinstance(value, dict):
                raise UsageError(
                    "{path}: {key} of group {group!r} must be a mapping",
                    path=path,
                    key=key,
                    group=name,
                )
            if key == "hosts":
                for pattern, variables in value.items():
                    if variables is not None and not isinstance(variables, dict):
                        raise UsageError(
                            "{path}: host {host!r} of group {group!r} must map to its vars",
                            path=path,
                            host=pattern,
                            group=name,
                        )
                    try:
                        hosts = _hosts_of(str(pattern))
                    except ValueError as exc:
                        raise UsageError("{path}: {problem}", path=path, problem=str(exc)) from None
                    for host, port in hosts:
                        extra = {"ansible_port": port} if port else {}
                        inv.add_host(name, host, {**(variables or {}), **extra})
            elif key == "vars":
                inv.group(name).vars.update(value)
            elif key == "children":
                for child, child_body in value.items():
                    group(str(child), child_body, name)
            else:
                inv.notes.append(
                    Message.of(
                        "key {key!r} of group {group!r} skipped: a group has only hosts, "
                        "children and vars",
                        key=key,
                        group=name,
                    )
                )

    for name, body in data.items():
        group(str(name), body, ALL)
    return inv


# --- variables ------------------------------------------------------------------------------

_SECRET_NAME = re.compile(r"pass|secret|token|credential|vault|(^|_)(api_?)?key$", re.IGNORECASE)
# Later names win, as in Ansible's ssh connection (ansible_ssh_* over ansible_*).
_ADDRESS_VARS = ("ansible_host", "ansible_ssh_host")
_SETTING_VARS = {
    "ansible_port": "port",
    "ansible_ssh_port": "port",
    "ansible_user": "user",
    "ansible_ssh_user": "user",
    "ansible_private_key_file": "identity_file",
    "ansible_ssh_private_key_file": "identity_file",
}
_BECOME_VARS = ("ansible_become", "ansible_become_method")
_TRUE, _FALSE = {"yes", "true", "on", "1", "y"}, {"no", "false", "off", "0", "n"}


def is_secret(name: str, value: Any) -> bool:
    """A value the import never copies: vault-encrypted, or named like a password or key."""
    vaulted = value is VAULTED or (isinstance(value, str) and "$ANSIBLE_VAULT" in value)
    return vaulted or bool(_SECRET_NAME.search(name))


def _templated(value: Any) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


@dataclass
class _Report:
    """Names of what was left out, and where (groups and hosts): never values."""

    secrets: dict[str, set[str]] = field(default_factory=dict)
    templates: dict[str, set[str]] = field(default_factory=dict)
    invalid: dict[str, set[str]] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)

    def scan(self, variables: dict[str, Any], where: str) -> None:
        for name, value in variables.items():
            if is_secret(name, value):
                self.secrets.setdefault(name, set()).add(where)
            elif _templated(value):
                self.templates.setdefault(name, set()).add(where)
            elif (
                name not in _SETTING_VARS
                and name not in _ADDRESS_VARS
                and name not in _BECOME_VARS
                and name != "ansible_group_priority"
            ):
                self.ignored.add(name)

    def notes(self) -> list[Message]:
        out = [
            Message.of("secret {name} left out (set in {where})", name=n, where=sorted(w))
            for n, w in sorted(self.secrets.items())
        ]
        out += [
            Message.of("{name} left out: its value is a template (set in {where})", name=n,
                       where=sorted(w))
            for n, w in sorted(self.templates.items())
        ]  # fmt: skip
        out += [
            Message.of("{name} left out: not a usable value (set in {where})", name=n,
                       where=sorted(w))
            for n, w in sorted(self.invalid.items())
        ]  # fmt: skip
        if self.ignored:
            names = sorted(self.ignored)
            out.append(Message.of("variables not carried over: {names}", names=names))
        return out


def _usable(name: str, value: Any) -> bool:
    return not (is_secret(name, value) or _templated(value))


def _settings(variables: dict[str, Any], where: str, report: _Report) -> dict[str, Any]:
    """The auditor connection settings these Ansible variables give."""
    out: dict[str, Any] = {}
    for name, key in _SETTING_VARS.items():
        value = variables.get(name)
        if value is None or not _usable(name, value):
            continue
        if key == "port":
            if isinstance(value, str) and value.isdigit():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
                report.invalid.setdefault(name, set()).add(where)
                continue
        else:
            value = str(value)
        out[key] = value
    become, method = (variables.get(v) for v in _BECOME_VARS)
    if become is not None and _usable("ansible_become", become):
        flag = str(become).lower()
        if flag not in _TRUE | _FALSE:
            report.invalid.setdefault("ansible_become", set()).add(where)
        elif flag in _FALSE:
            out["sudo"] = False
        elif method in (None, "sudo"):
            out["sudo"] = True
        else:
            report.invalid.setdefault("ansible_become_method", set()).add(where)
    return out


def _address(variables: dict[str, Any], host: str) -> str | None:
    """The address Ansible would connect to, or None when it cannot be known here."""
    address = host
    for name in _ADDRESS_VARS:
        value = variables.get(name)
        if value is not None:
            if not _usable(name, value):
                return None
            address = str(value)
    return address


# --- conversion -----------------------------------------------------------------------------


def convert(inv: Parsed, reserved: tuple[str, ...] = ()) -> Imported:
    """Units and hosts from a parsed Ansible inventory (see the module's docstring)."""
    groups = {n: g for n, g in inv.groups.items() if n not in (ALL, UNGROUPED)}
    order = {name: i for i, name in enumerate(inv.groups)}
    depth: dict[str, int] = {ALL: 0, UNGROUPED: 1}

    def ansible_depth(name: str, seen: tuple[str, ...] = ()) -> int:
        if name in seen:
            raise UsageError("group {group!r} is its own ancestor", group=name)
        if name not in depth:
            parents = groups[name].parents
            depth[name] = 1 + max((ansible_depth(p, (*seen, name)) for p in parents), default=0)
        return depth[name]

    for name in groups:
        ansible_depth(name)

    def tree_path(name: str) -> list[str]:
        """The group and its tree ancestors (first parents), root first."""
        path = [name]
        while name in groups and groups[name].parents:
            name = groups[name].parents[0]
            path.insert(0, name)
        return path

    def ancestors(name: str) -> set[str]:
        found: set[str] = set()
        todo = list(groups[name].parents) if name in groups else []
        while todo:
            parent = todo.pop()
            if parent not in found:
                found.add(parent)
                todo += groups[parent].parents
        return found

    report = _Report()
    report.scan(inv.groups.get(ALL, Group(ALL)).vars, ALL)
    for name, g in groups.items():
        report.scan(g.vars, name)
    for host, variables in inv.hostvars.items():
        report.scan(variables, host)

    refused: list[Message] = []
    defaults = valid_settings(
        _settings(inv.groups.get(ALL, Group(ALL)).vars, ALL, report), ALL, refused
    )
    unit_defaults = {
        name: valid_settings(_settings(g.vars, name, report), name, refused)
        for name, g in groups.items()
    }
    direct: dict[str, list[str]] = {h: [] for h in inv.hostvars}
    for name, g in inv.groups.items():
        for host in g.hosts:
            direct[host].append(name)

    placed: dict[str, list[HostDraft]] = {}
    skipped: list[Message] = []
    names = Names()
    names.used.update(reserved)
    for host, variables in inv.hostvars.items():
        member = [g for g in direct[host] if g in groups]
        home = max(member, key=lambda g: len(tree_path(g))) if member else UNGROUPED
        in_groups = set(member).union(*(ancestors(g) for g in member))
        tags = sorted(in_groups - set(tree_path(home)), key=order.__getitem__)
        chain = [ALL, *in_groups, *([UNGROUPED] if not member else [])]
        chain.sort(key=lambda g: (depth[g], _priority(inv, g), g))
        effective: dict[str, Any] = {}
        for g in chain:
            effective.update(inv.groups[g].vars if g in inv.groups else {})
        effective.update(variables)
        settings = _settings(effective, host, _Report())
        inherited = dict(defaults)
        for g in tree_path(home):
            inherited.update(unit_defaults.get(g, {}))
        own = {k: v for k, v in settings.items() if inherited.get(k) != v}
        address = _address(effective, host)
        if address is None:
            skipped.append(
                Message.of("host {host} left out: its address is a template or a secret", host=host)
            )
            continue
        name = names.get(host, keep_case=True)
        problem = host_problem(name, address, own)
        if problem:
            skipped.append(
                Message.of("host {host} left out: {problem}", host=host, problem=problem)
            )
            continue
        placed.setdefault(home, []).append(HostDraft(name, address, own, tags))

    units = Names()
    units.used.update(reserved)

    def build(name: str) -> UnitDraft | None:
        children = [c for c in groups[name].children if groups[c].parents[0] == name]
        built = [u for u in (build(c) for c in children) if u is not None]
        if not placed.get(name) and not built:
            return None
        comment = None
        if len(groups[name].parents) > 1:
            comment = f"Ansible group {name} is also a child of " + ", ".join(
                groups[name].parents[1:]
            )
        return UnitDraft(
            units.get(name), name, unit_defaults[name], placed.get(name, []), built, comment
        )

    tops = [n for n, g in groups.items() if not g.parents]
    result = [u for u in (build(n) for n in tops) if u is not None]
    if placed.get(UNGROUPED):
        result.append(UnitDraft(units.get(UNGROUPED), UNGROUPED, hosts=placed[UNGROUPED]))
    empty = sorted(n for n, g in groups.items() if not g.hosts and not g.children)
    notes = [*inv.notes, *report.notes(), *refused, *skipped]
    if empty:
        notes.append(Message.of("groups without hosts left out: {groups}", groups=empty))
    header = [
        "Ansible groups are units; a host in several groups is in the deepest one,",
        "its other groups are its tags. Secrets are not copied.",
    ]
    return Imported(result, defaults, notes, header)


def _priority(inv: Parsed, group: str) -> int:
    value = inv.groups[group].vars.get("ansible_group_priority", 1) if group in inv.groups else 1
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1
