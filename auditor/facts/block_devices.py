"""The ``block_devices`` fact: block devices with their types and parents (lsblk) and the mounts of
/ and /home."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector, split_sections
from auditor.facts.mounts import Mount, mount_table_line

BLOCK_SCRIPT = """
sec lsblk
lsblk -P -p -o NAME,TYPE,FSTYPE,MOUNTPOINT,PKNAME 2>&1 | head -n 500
sec mounts
awk '$2 == "/" || $2 == "/home"' /proc/self/mounts 2>&1
"""


@dataclass(frozen=True)
class BlockDevice:
    name: str
    type: str
    fstype: str
    mountpoint: str
    parent: str


@dataclass(frozen=True)
class Storage:
    """Block devices (``lsblk``) and the mounts of / and /home seen by the scan."""

    devices: tuple[BlockDevice, ...]
    lsblk_error: str
    mounts: tuple[Mount, ...]

    def chain(self, device: BlockDevice) -> list[BlockDevice]:
        """The device and its parents, up to the disk."""
        by_name = {d.name: d for d in self.devices}
        chain, seen = [device], {device.name}
        while chain[-1].parent in by_name and chain[-1].parent not in seen:
            seen.add(chain[-1].parent)
            chain.append(by_name[chain[-1].parent])
        return chain


@collector("block_devices", BLOCK_SCRIPT)
def parse_block_devices(raw: Raw) -> Storage:
    """Block devices with their types and parents (lsblk) and the mounts of / and /home."""
    parts = split_sections(raw.stdout)
    if "lsblk" not in parts:
        raise FactError("unexpected output of the block device collector")
    devices, errors = [], []
    for line in parts["lsblk"]:
        if not line.strip():
            continue
        try:
            pairs = dict(p.split("=", 1) for p in shlex.split(line))
        except ValueError:
            pairs = {}
        if "NAME" not in pairs:
            errors.append(line.strip())
            continue
        devices.append(
            BlockDevice(
                pairs["NAME"],
                pairs.get("TYPE", ""),
                pairs.get("FSTYPE", ""),
                pairs.get("MOUNTPOINT", ""),
                pairs.get("PKNAME", ""),
            )
        )
    mounts = (mount_table_line(line) for line in parts.get("mounts", []))
    return Storage(tuple(devices), "; ".join(errors[:3]), tuple(m for m in mounts if m))
