"""QEMU command lines for the lab's virtual machines.

Guests run under software emulation (TCG): the machines the lab runs on offer no usable KVM.
Set ``AUDITOR_LAB_ACCEL=kvm`` where hardware virtualisation works.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tests.lab.config import VM_MACHINE_ALIAS, VM_MEMORY_MB, VM_NETWORK

QEMU = "qemu-system-x86_64"


@dataclass(frozen=True)
class Drive:
    """A raw disk image; ``snapshot`` keeps the guest's writes in a temporary file."""

    path: Path
    snapshot: bool = False
    read_only: bool = False

    def args(self) -> list[str]:
        spec = f"file={self.path},format=raw,if=virtio,cache=unsafe"
        if self.snapshot:
            spec += ",snapshot=on"
        if self.read_only:
            spec += ",readonly=on"
        return ["-drive", spec]


def forward(address: str, port: int, guest_port: int = 22) -> str:
    """A user-network netdev reaching the guest's ``guest_port`` at ``address:port``.

    The guest's network is ``VM_NETWORK``; ``VM_MACHINE_ALIAS`` in it is this machine's
    loopback. Nothing else is reachable: the guest has no default route (see vm/install.sh).
    """
    return (
        f"user,id=lab,net={VM_NETWORK},host={VM_MACHINE_ALIAS},ipv6=off,"
        f"hostfwd=tcp:{address}:{port}-:{guest_port}"
    )


def argv(
    *,
    kernel: Path,
    initrd: Path,
    append: str,
    drives: list[Drive],
    console: Path,
    netdev: str | None = None,
    fw_cfg: dict[str, Path] | None = None,
) -> list[str]:
    """The command line of a headless one-CPU guest booted straight into ``kernel``."""
    accel = os.environ.get("AUDITOR_LAB_ACCEL", "tcg")
    cmd = [
        QEMU, "-nodefaults", "-no-user-config", "-no-reboot", "-display", "none",
        "-accel", accel, "-cpu", "max" if accel == "tcg" else "host", "-smp", "1",
        "-m", str(VM_MEMORY_MB), "-serial", f"file:{console}",
        "-kernel", str(kernel), "-initrd", str(initrd), "-append", f"console=ttyS0 {append}",
    ]  # fmt: skip
    for drive in drives:
        cmd += drive.args()
    if netdev:
        cmd += ["-netdev", netdev, "-device", "virtio-net-pci,netdev=lab"]
    else:
        cmd += ["-nic", "none"]
    for name, path in (fw_cfg or {}).items():
        cmd += ["-fw_cfg", f"name={name},file={path}"]
    return cmd
