"""The root and home file systems of a terminal are on encrypted (dm-crypt/LUKS) devices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.block_devices import Storage
from auditor.messages import Message
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
        if storage.lsblk_error:
            return errored("lsblk listed no block device: {reason}", reason=storage.lsblk_error)
        return errored("lsblk listed no block device: no output")
    plain: list[Message] = []
    evidence: list[str] = []
    for point in params["mountpoints"]:
        mount = mounted.get(point)
        if mount is None:
            continue
        device = next((d for d in storage.devices if d.mountpoint == point), None)
        if device is None:
            return errored(
                "{point} is mounted from {source} ({fstype}), which is not a "
                "block device lsblk shows: disk encryption cannot be judged",
                point=point,
                source=mount.source,
                fstype=mount.fstype,
            )
        chain = storage.chain(device)
        evidence.append(f"{point}: " + " <- ".join(f"{d.name} ({d.type})" for d in chain))
        if not any(d.type == "crypt" for d in chain):
            plain.append(Message.of("{point} on {device}", point=point, device=device.name))
    if plain:
        return failed("not on an encrypted device: {plain}", evidence, plain=plain)
    return passed("/ and /home are on encrypted (crypt) devices", evidence)
