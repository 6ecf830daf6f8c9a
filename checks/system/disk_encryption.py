"""The root and home file systems of a terminal are on encrypted (dm-crypt/LUKS) devices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.sys_devices import Storage
from auditor.outcome import Outcome, errored, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    storage: Storage = facts["block_devices"]
    mounted = {m.mountpoint: m for m in storage.mounts}
    if "/" not in mounted:
        return errored(
            "the mount of / is not visible (the scan runs in a chroot or container): "
            "disk encryption cannot be judged"
        )
    if not storage.devices:
        return errored(f"lsblk listed no block device: {storage.lsblk_error or 'no output'}")
    plain, evidence = [], []
    for point in params["mountpoints"]:
        mount = mounted.get(point)
        if mount is None:
            continue
        device = next((d for d in storage.devices if d.mountpoint == point), None)
        if device is None:
            return errored(
                f"{point} is mounted from {mount.source} ({mount.fstype}), which is not a "
                "block device lsblk shows: disk encryption cannot be judged"
            )
        chain = storage.chain(device)
        evidence.append(f"{point}: " + " <- ".join(f"{d.name} ({d.type})" for d in chain))
        if not any(d.type == "crypt" for d in chain):
            plain.append(f"{point} on {device.name}")
    if plain:
        return failed(f"not on an encrypted device: {'; '.join(plain)}", evidence)
    return passed("/ and /home are on encrypted (crypt) devices", evidence)
