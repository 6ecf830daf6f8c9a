"""Inventory hosts for tests that need a resolved HostSpec without an inventory file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.inventory import HostSpec


def host_spec(name: str = "h", address: str = "127.0.0.1", **overrides: Any) -> HostSpec:
    """A server in unit ``u``, reached as root on port 22; any field can be overridden."""
    fields: dict[str, Any] = {
        "name": name, "address": address, "port": 22, "role": "server", "unit_id": "u",
        "unit_name": "U", "unit_path": ("U",), "user": "root", "identity_file": None,
        "known_hosts": None, "password_env": None, "agent": False, "sudo": False,
        "connect_timeout": 5, "command_timeout": 30, "host_timeout": 60,
    }  # fmt: skip
    return HostSpec(**{**fields, **overrides})


def closed_ports_profile(folder: Path) -> Path:
    """The default profile with the network scan narrowed to port 1 (where nothing listens on
    this machine), for tests about something else that scan 127.0.0.1: whatever this machine
    happens to listen on cannot then fail a network check."""
    path = folder / "closed-ports.yaml"
    path.write_text(
        "id: closed-ports\ntitle: {vi: Cổng đóng, en: Closed ports}\nextends: de-an-06\n"
        "parameters: {exposed_ports: {scan_ports: '1'}}\n",
        encoding="utf-8",
    )
    return path
