"""What ``auditor discover`` found: unmanaged devices as findings (table or JSON), and an
inventory fragment to paste under the right units."""

from __future__ import annotations

import json
from collections.abc import Mapping

from rich.console import Console

from auditor.i18n import translator
from auditor.importers.drafts import HostDraft, Imported, Names, UnitDraft, render
from auditor.network.discovery import Device, Discovery
from auditor.outputs.inert import inert

UNASSIGNED = "discovered"  # the unit of devices found in ranges given without a unit


def print_discovery(console: Console, found: Discovery, run_id: int, lang: str) -> None:
    """One finding line per unmanaged device, then the counts."""
    _ = translator(lang)
    for d in found.unmanaged():
        line = _("unmanaged device {address} (unit {unit}): {services}").format(
            address=d.address, unit=d.unit_id or "—", services=d.summary()
        )
        console.print(inert(line), highlight=False, soft_wrap=True)
    for error in found.errors:
        console.print(inert(error), highlight=False, soft_wrap=True)
    counts = _(
        "discovery {id}: {live} live addresses in {ranges} ranges, {managed} in the inventory, "
        "{unmanaged} unmanaged"
    ).format(
        id=run_id, live=len(found.devices), ranges=len(found.targets),
        managed=len(found.devices) - len(found.unmanaged()), unmanaged=len(found.unmanaged()),
    )  # fmt: skip
    console.print(inert(counts), highlight=False)


def discovery_json(found: Discovery, run_id: int) -> str:
    devices = [
        {"address": d.address, "unit": d.unit_id, "managed": d.managed,
         "hostname": d.hostname or None, "services": [s.label() for s in d.services]}
        for d in found.devices
    ]  # fmt: skip
    data = {
        "discovery": run_id,
        "targets": [{"unit": t.unit_id, "network": t.network} for t in found.targets],
        "devices": devices,
        "unmanaged": sum(not d.managed for d in found.devices),
        "errors": list(found.errors),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _ssh_port(device: Device) -> int | None:
    return next((s.port for s in device.services if s.name == "ssh" and s.protocol == "tcp"), None)


def fragment(found: Discovery, unit_names: Mapping[str, str]) -> str:
    """The unmanaged devices as inventory YAML, one unit per unit they were found in: a device
    with SSH under ``hosts:`` (its port when not 22), the others under ``devices:``."""
    names = Names()
    units: dict[str, UnitDraft] = {}
    for d in found.unmanaged():
        unit_id = d.unit_id or UNASSIGNED
        unit = units.setdefault(unit_id, UnitDraft(unit_id, unit_names.get(unit_id, unit_id)))
        name = names.get(d.hostname or f"dev-{d.address.replace('.', '-').replace(':', '-')}")
        port = _ssh_port(d)
        draft = HostDraft(name, d.address, {"port": port} if port and port != 22 else {},
                          comment=d.summary())  # fmt: skip
        (unit.hosts if port else unit.devices).append(draft)
    header = [
        "Devices 'auditor discover' found live but missing from the inventory: paste each "
        "entry under its unit, naming it as the unit knows it."
    ]
    return render(Imported(list(units.values())), header)
