"""Inventory hosts for tests that need a resolved HostSpec without an inventory file."""

from __future__ import annotations

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
