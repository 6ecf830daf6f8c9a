"""Inventory YAML for the auditor CLI describing a set of lab hosts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tests.lab.host import Host


def inventory(hosts: Sequence[Host], unit: str = "lab") -> dict[str, Any]:
    """The inventory document: shared connection defaults and one unit with every host; devices
    (scenarios of role ``device``) go under the unit's ``devices``, audited without a login."""
    if not hosts:
        raise ValueError("an inventory needs at least one host")
    first = hosts[0]
    devices = [h for h in hosts if h.scenario.network_only]
    return {
        "defaults": {
            "user": first.user,
            "port": first.port,
            "identity_file": str(first.key_path),
            "known_hosts": str(first.known_hosts_path),
            "sudo": True,
        },
        "units": [
            {
                "id": unit,
                "name": "Lab unit",
                "hosts": [_host(h) for h in hosts if not h.scenario.network_only],
                **({"devices": [_host(d) for d in devices]} if devices else {}),
            }
        ],
    }


def _host(host: Host) -> dict[str, Any]:
    """A host's entry; a device's role comes from the ``devices`` list, and it has no accounts."""
    entry: dict[str, Any] = {"name": host.name, "address": host.address}
    if not host.scenario.network_only:
        entry.update(role=host.role, roster=[host.user])
    timeout = host.scenario.timeout or host.command_timeout
    if timeout:
        entry["timeouts"] = {"command": timeout, "host": 3 * timeout}
    return entry


def write_inventory(hosts: Sequence[Host], path: Path, unit: str = "lab") -> Path:
    """Write the inventory of ``hosts`` to ``path``."""
    path.write_text(yaml.safe_dump(inventory(hosts, unit), sort_keys=False))
    return path
