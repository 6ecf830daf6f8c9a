"""Build the lab's virtual-machine images (layer ``vm``) from a release's baseline.

A copy of the baseline gets a kernel, systemd as init and the guest plumbing (``vm/install.sh``,
chrooted, with network), then becomes ``plain.img``: an ext4 image made with ``mkfs.ext4 -d``,
no loop device needed. ``luks.img`` is made inside a one-off VM booted from the plain image
(``vm/provision.sh``): this machine's kernel has no device mapper. The layer holds ``vmlinuz``,
``initrd-plain.img``, ``initrd-luks.img``, ``plain.img`` and ``luks.img``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import time
from pathlib import Path
from typing import IO

from tests.lab import qemu
from tests.lab.base import OFFLINE_RESOLV
from tests.lab.chroot import Bind, CommandFailed, run_in_root, run_tracked
from tests.lab.config import (
    CACHE_DIR,
    VM_DIR,
    VM_DISK_SIZE,
    VM_GUEST_ADDRESS,
    VM_MACHINE_ALIAS,
    VM_PROVISION_TIMEOUT,
)
from tests.lab.layers import Layer
from tests.lab.mounts import remove_tree

PROVISIONED = "LAB-PROVISION-OK"
ROOT_LABEL = "labroot"


def build_vm(layer: Layer, baseline: Path, out: Path, log: IO[str]) -> None:
    """Build ``layer`` into the empty directory ``out`` from the baseline rootfs ``baseline``."""
    tree = out / "root"
    _run(["cp", "-a", "--reflink=auto", str(baseline), str(tree)], log)
    _install(tree, layer.release, log)
    kernel = sorted((tree / "boot").glob("vmlinuz-*"))[-1]
    version = kernel.name.removeprefix("vmlinuz-")
    shutil.copyfile(kernel, out / "vmlinuz")
    shutil.copyfile(tree / "boot" / f"initrd.img-{version}", out / "initrd-plain.img")
    _run(["truncate", "-s", VM_DISK_SIZE, str(out / "plain.img")], log)
    mkfs = ["mkfs.ext4", "-q", "-L", ROOT_LABEL, "-E", "root_owner=0:0", "-d", str(tree)]
    _run([*mkfs, str(out / "plain.img")], log)
    remove_tree(tree)
    _provision_luks(out, version, log)
    info = {"release": layer.release, "key": layer.key, "kernel": version}
    (out / "vm.json").write_text(json.dumps(info, indent=2) + "\n")


def _run(cmd: list[str], log: IO[str]) -> None:
    log.write(f"$ {' '.join(cmd)}\n")
    log.flush()
    if run_tracked(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL).returncode != 0:
        raise CommandFailed(f"{cmd[0]} failed; see {log.name}")


def _install(tree: Path, release: str, log: IO[str]) -> None:
    apt_cache = CACHE_DIR / "downloads" / f"apt-{release}"
    (apt_cache / "partial").mkdir(parents=True, exist_ok=True)
    # The baseline resolves names from /etc/hosts only; apt needs DNS while installing.
    nsswitch = tree / "etc/nsswitch.conf"
    offline_nsswitch = nsswitch.read_text()
    nsswitch.write_text(offline_nsswitch.replace("hosts:          files\n", "hosts: files dns\n"))
    shutil.copyfile("/etc/resolv.conf", tree / "etc/resolv.conf")
    binds = [
        Bind(VM_DIR, "/run/lab-vm"),
        Bind(apt_cache, "/var/cache/apt/archives", read_only=False),
    ]
    env = {"LAB_GUEST_ADDRESS": VM_GUEST_ADDRESS, "LAB_TIME_SERVER": VM_MACHINE_ALIAS}
    argv = ["/bin/sh", "-eu", "/run/lab-vm/install.sh"]
    run_in_root(tree, argv, network=True, binds=binds, env=env, log=log)
    (tree / "etc/resolv.conf").write_text(OFFLINE_RESOLV)
    nsswitch.write_text(offline_nsswitch)


def _provision_luks(out: Path, version: str, log: IO[str]) -> None:
    """Boot the plain image once to write ``luks.img`` and ``initrd-luks.img``."""
    result = out / "provision.tar"
    for image, size in ((out / "luks.img", VM_DISK_SIZE), (result, "256M")):
        _run(["truncate", "-s", size, str(image)], log)
    console = out / "provision.log"
    cmd = qemu.argv(
        kernel=out / "vmlinuz",
        initrd=out / "initrd-plain.img",
        append=f"root=LABEL={ROOT_LABEL} ro init=/etc/auditor-lab/vm/provision.sh panic=-1",
        drives=[
            qemu.Drive(out / "plain.img", read_only=True),
            qemu.Drive(out / "luks.img"),
            qemu.Drive(result),
        ],
        console=console,
    )
    log.write(f"$ {' '.join(cmd)}\n")
    log.flush()
    started = time.monotonic()
    try:
        done = run_tracked(
            ["timeout", "-k", "10", str(int(VM_PROVISION_TIMEOUT)), *cmd],
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
        )
    finally:
        text = console.read_text(errors="replace") if console.exists() else ""
        log.write(f"--- provisioning console ({time.monotonic() - started:.0f}s)\n{text}\n")
        console.unlink(missing_ok=True)
    if done.returncode != 0 or PROVISIONED not in text:
        raise CommandFailed(f"provisioning the encrypted image failed; see {log.name}")
    with tarfile.open(result) as archive:
        member = archive.extractfile(f"initrd.img-{version}")
        if member is None:
            raise CommandFailed(f"no initramfs for {version} in the provisioning result")
        (out / "initrd-luks.img").write_bytes(member.read())
    result.unlink()
