"""The inventory: a tree of units holding hosts and terminals, and how to log in to them.

Connection settings come from ``defaults:`` at the top, overridden by each unit's ``defaults:``
(inherited by its children) and then by the host entry itself. Credentials are references only:
a key file, the ssh-agent, the *name* of an environment variable holding a password, or
``password_prompt`` (asked once at the terminal, never in an unattended run).
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from auditor.errors import Invalid, ValidationFailed, problem
from auditor.messages import Message
from auditor.yamlfile import Loc, located, pydantic_message, read_yaml

_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"  # no '/': unit ids name report files
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE_USER = re.compile(r"[\s\x00-\x1f\x7f-\x9f'\"`$;&<>|(){}\\]")
DEFAULT_SITE = "default"  # the site of the hosts of units that name none


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Timeouts(_Strict):
    """Seconds allowed to connect, to run the facts script, and for the whole host."""

    connect: float | None = Field(default=None, gt=0)
    command: float | None = Field(default=None, gt=0)
    host: float | None = Field(default=None, gt=0)


def _user(value: str) -> str:
    """OpenSSH's rule for a user name given to ``ssh``: nothing a shell would act on."""
    if value.startswith("-") or _UNSAFE_USER.search(value):
        raise Invalid(
            "{value!r} is not a user name: no leading '-', space, control or shell character",
            value=value,
        )
    return value


def _local_path(value: str) -> str:
    """A file name on this machine: one line, without control characters."""
    if _CONTROL.search(value):
        raise Invalid("a file name cannot hold a control character such as a line break")
    return value


User = Annotated[str, AfterValidator(_user)]
LocalPath = Annotated[str, AfterValidator(_local_path)]


class Connection(_Strict):
    """Connection settings; any field left out is inherited."""

    user: User | None = Field(default=None, min_length=1)
    port: int | None = Field(default=None, ge=1, le=65535)
    identity_file: LocalPath | None = None
    known_hosts: LocalPath | None = None
    password_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    password_prompt: bool | None = None
    agent: bool | None = None
    sudo: bool | None = None
    timeouts: Timeouts | None = None


class HostEntry(Connection):
    """A server, terminal or device in a unit; ``network_only`` hosts (and every device) are
    audited from the network alone, without logging in."""

    name: str = Field(pattern=ID_PATTERN)
    address: str
    role: Literal["server", "terminal", "device"] | None = None
    network_only: bool | None = None
    tags: list[str] = []
    owner: str | None = None
    roster: list[str] | None = None

    @field_validator("address")
    @classmethod
    def _address(cls, value: str) -> str:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            if not _HOSTNAME.match(value):
                raise Invalid("{value!r} is not an IP address or host name", value=value) from None
        return value


def _network(value: str) -> str:
    """An address range in CIDR form (``10.1.2.0/24``, a single address, IPv6 too)."""
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise Invalid(
            "{value!r} is not an address range such as 10.1.2.0/24", value=value
        ) from None
    return value


Network = Annotated[str, AfterValidator(_network)]


class Unit(_Strict):
    """An organisational unit: sở, ngành, quận/huyện, phường/xã; ``networks`` are its address
    ranges, where ``auditor discover`` looks for devices missing from the inventory; ``site`` is
    the network segment whose workers audit its hosts when a scan is queued (inherited by its
    children; ``default`` at the top)."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    owner: str | None = None
    site: str | None = Field(default=None, pattern=ID_PATTERN, max_length=63)
    networks: list[Network] = []
    defaults: Connection | None = None
    roster: list[str] | None = None
    hosts: list[HostEntry] = []
    terminals: list[HostEntry] = []
    devices: list[HostEntry] = []  # switches, printers, cameras: audited from the network
    children: list[Unit] = []


class InventoryModel(_Strict):
    defaults: Connection | None = None
    waivers: LocalPath | None = None  # a waivers file, relative to the inventory
    units: list[Unit] = Field(min_length=1)


@dataclass(frozen=True)
class HostSpec:
    """A host with every connection setting resolved."""

    name: str
    address: str
    port: int
    role: str
    unit_id: str
    unit_name: str
    unit_path: tuple[str, ...]
    user: str
    identity_file: str | None
    known_hosts: str | None
    password_env: str | None
    agent: bool
    sudo: bool
    connect_timeout: float
    command_timeout: float
    host_timeout: float
    tags: tuple[str, ...] = ()
    owner: str | None = None
    roster: tuple[str, ...] | None = None
    local: bool = False
    password_prompt: bool = False
    network_only: bool = False  # audited from the network alone: no login
    site: str = DEFAULT_SITE  # the workers that audit it when the scan is queued


BUILTIN_DEFAULTS = {
    "user": "root",
    "port": 22,
    "identity_file": None,
    "known_hosts": None,
    "password_env": None,
    "password_prompt": False,
    "agent": None,
    "sudo": False,
}
BUILTIN_TIMEOUTS = {"connect": 10.0, "command": 300.0, "host": 600.0}


@dataclass(frozen=True)
class UnitNode:
    """A unit of the tree as a scan records it: id, name, parent and owner."""

    id: str
    name: str
    parent_id: str | None = None
    owner: str | None = None


@dataclass(frozen=True)
class Inventory:
    """A validated inventory and the digest of the file it came from."""

    model: InventoryModel
    digest: str
    path: str

    def hosts(self) -> list[HostSpec]:
        return list(_resolve(self.model))

    def waivers_path(self) -> Path | None:
        """The waivers file the inventory names, relative to the inventory file."""
        if self.model.waivers is None:
            return None
        path = Path(self.model.waivers).expanduser()
        return path if path.is_absolute() else Path(self.path).parent / path

    def units(self) -> list[UnitNode]:
        """Every unit, parents before their children, in the order of the file."""

        def walk(unit: Unit, parent: str | None) -> Iterator[UnitNode]:
            yield UnitNode(unit.id, unit.name, parent, unit.owner)
            for child in unit.children:
                yield from walk(child, unit.id)

        return [node for unit in self.model.units for node in walk(unit, None)]

    def networks(self) -> list[tuple[str, str]]:
        """(unit id, address range) of every unit's ``networks``, in the order of the file."""

        def walk(unit: Unit) -> Iterator[tuple[str, str]]:
            yield from ((unit.id, n) for n in unit.networks)
            for child in unit.children:
                yield from walk(child)

        return [found for unit in self.model.units for found in walk(unit)]


def _merge(base: dict[str, Any], layer: Connection | None) -> dict[str, Any]:
    if layer is None:
        return base
    merged = dict(base)
    for key, value in layer.model_dump(exclude_none=True).items():
        if key == "timeouts":
            merged["timeouts"] = {**merged["timeouts"], **value}
        elif key in BUILTIN_DEFAULTS:
            merged[key] = value
    return merged


def _resolve(model: InventoryModel) -> Iterator[HostSpec]:
    top = _merge({**BUILTIN_DEFAULTS, "timeouts": dict(BUILTIN_TIMEOUTS)}, model.defaults)

    def walk(
        unit: Unit, inherited: dict[str, Any], path: tuple[str, ...], roster: Any, site: str
    ) -> Iterator[HostSpec]:
        settings = _merge(inherited, unit.defaults)
        path = (*path, unit.name)
        roster = unit.roster if unit.roster is not None else roster
        site = unit.site or site
        for entry, default_role in (
            [(h, "server") for h in unit.hosts]
            + [(t, "terminal") for t in unit.terminals]
            + [(d, "device") for d in unit.devices]
        ):
            s = _merge(settings, entry)
            agent = s["agent"]
            if agent is None:
                agent = not (s["identity_file"] or s["password_env"] or s["password_prompt"])
            host_roster = entry.roster if entry.roster is not None else roster
            role = entry.role or default_role
            yield HostSpec(
                name=entry.name,
                address=entry.address,
                port=s["port"],
                role=role,
                unit_id=unit.id,
                unit_name=unit.name,
                unit_path=path,
                user=s["user"],
                identity_file=s["identity_file"],
                known_hosts=s["known_hosts"],
                password_env=s["password_env"],
                password_prompt=s["password_prompt"],
                agent=agent,
                sudo=s["sudo"],
                connect_timeout=s["timeouts"]["connect"],
                command_timeout=s["timeouts"]["command"],
                host_timeout=s["timeouts"]["host"],
                tags=tuple(entry.tags),
                owner=entry.owner or unit.owner,
                roster=tuple(host_roster) if host_roster is not None else None,
                network_only=bool(entry.network_only) or role == "device",
                site=site,
            )
        for child in unit.children:
            yield from walk(child, settings, path, roster, site)

    for unit in model.units:
        yield from walk(unit, top, (), None, DEFAULT_SITE)


def _literal_passwords(data: Any, loc: Loc = ()) -> Iterator[Loc]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "password":
                yield (*loc, key)
            else:
                yield from _literal_passwords(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _literal_passwords(value, (*loc, i))


def _duplicates(model: InventoryModel) -> list[tuple[str, dict[str, str]]]:
    """Unit ids and host names used twice: (template, fields) of each problem."""
    problems: list[tuple[str, dict[str, str]]] = []
    seen_units: set[str] = set()
    seen_hosts: dict[str, str] = {}

    def walk(unit: Unit) -> None:
        if unit.id in seen_units:
            problems.append(("unit id {unit!r} is used twice", {"unit": unit.id}))
        seen_units.add(unit.id)
        for h in [*unit.hosts, *unit.terminals, *unit.devices]:
            if h.name in seen_hosts:
                problems.append(
                    (
                        "host name {host!r} in unit {unit!r} is already used in unit {other!r}",
                        {"host": h.name, "unit": unit.id, "other": seen_hosts[h.name]},
                    )
                )
            seen_hosts[h.name] = unit.id
        for child in unit.children:
            walk(child)

    for unit in model.units:
        walk(unit)
    return problems


def load_inventory(path: Path) -> Inventory:
    """Load and validate an inventory file; ValidationFailed lists every problem with its line."""
    data, root = read_yaml(path)
    problems = [
        problem(
            located(path, root, loc),
            "a literal password is not allowed in the inventory; put it in an environment "
            "variable and give that variable's name as password_env",
        )
        for loc in _literal_passwords(data)
    ]
    try:
        model = InventoryModel.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            loc = tuple(e["loc"])
            if loc and loc[-1] == "password":
                continue
            problems.append(
                Message.of(
                    "{where}: {problem}",
                    where=located(path, root, loc),
                    problem=pydantic_message(e),
                )
            )
        raise ValidationFailed(str(path), problems) from None
    problems += [problem(str(path), template, **args) for template, args in _duplicates(model)]
    if problems:
        raise ValidationFailed(str(path), problems)
    return Inventory(model, hashlib.sha256(path.read_bytes()).hexdigest(), str(path))
