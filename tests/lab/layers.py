"""Cached image layers: what each is keyed by, where it lives, how it is published atomically.

``base/<release>-<key>``: debootstrap + apt upgrade + package lists + withheld .deb; keyed by the
release, the package lists and the build scripts. ``baseline/<release>-<key>``: a copy of the base
with the lab plumbing and the baseline fragments applied; keyed by the base key and the fragments,
so editing a fragment never redoes debootstrap. ``vm/<release>-<key>``: kernel, initramfs and
disk images (plain and LUKS-encrypted root) for the lab's virtual machines, built from the
baseline; keyed by the baseline key and ``vm/*.sh``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from tests.lab.config import (
    BASELINE_DIR,
    BUILD_VERSION,
    CACHE_DIR,
    LAB_DIR,
    MIRROR,
    SECURITY_MIRROR,
    VM_DIR,
    VM_DISK_SIZE,
    VM_GUEST_ADDRESS,
    VM_MACHINE_ALIAS,
    VM_RELEASE,
)
from tests.lab.mounts import remove_tree
from tests.lab.packages import packages_for

# Files whose content defines a layer (the Python driving the build is versioned by
# BUILD_VERSION in config.py instead, so that reformatting it does not redo debootstrap).
BASE_SOURCES = ("sh/provision.sh",)
BASELINE_SOURCES = ("sh/plumbing.sh",)


def _digest(parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fragments() -> list[Path]:
    """Baseline fragments in the order they are applied."""
    return sorted(BASELINE_DIR.glob("*.sh"))


@dataclass(frozen=True)
class Layer:
    """One cached root filesystem."""

    kind: str
    release: str
    key: str

    @property
    def path(self) -> Path:
        return CACHE_DIR / self.kind / f"{self.release}-{self.key[:16]}"

    @property
    def ready(self) -> bool:
        return self.path.is_dir()

    def staging(self) -> Path:
        """A fresh directory to build this layer into (call with the release's build lock held:
        leftovers of interrupted builds of this layer are removed)."""
        tmp = CACHE_DIR / "tmp"
        for stale in tmp.glob(f"{self.path.name}.{self.kind}.*"):
            remove_tree(stale)
        path = tmp / f"{self.path.name}.{self.kind}.{os.getpid()}"
        path.mkdir(parents=True)
        return path

    def publish(self, staging: Path) -> None:
        """Atomically move a finished build into place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, self.path)


def base_layer(release: str) -> Layer:
    """The base layer of ``release`` as the current sources define it."""
    parts = {
        "version": BUILD_VERSION,
        "release": release,
        "mirrors": [MIRROR, SECURITY_MIRROR],
        "packages": packages_for(release),
        "sources": {name: _file_hash(LAB_DIR / name) for name in BASE_SOURCES},
    }
    return Layer("base", release, _digest(parts))


def baseline_layer(release: str) -> Layer:
    """The baseline layer of ``release``: its base plus plumbing and fragments."""
    parts = {
        "version": BUILD_VERSION,
        "base": base_layer(release).key,
        "sources": {name: _file_hash(LAB_DIR / name) for name in BASELINE_SOURCES},
        "fragments": [[path.name, _file_hash(path)] for path in fragments()],
    }
    return Layer("baseline", release, _digest(parts))


def vm_layer(release: str = VM_RELEASE) -> Layer:
    """The virtual-machine images of ``release``: its baseline made bootable."""
    parts = {
        "version": BUILD_VERSION,
        "baseline": baseline_layer(release).key,
        "sources": {path.name: _file_hash(path) for path in sorted(VM_DIR.glob("*.sh"))},
        "guest": [VM_DISK_SIZE, VM_GUEST_ADDRESS, VM_MACHINE_ALIAS],
    }
    return Layer("vm", release, _digest(parts))


def current_paths(releases: tuple[str, ...]) -> set[Path]:
    """Layer directories the current sources of ``releases`` use."""
    paths = {f(r).path for r in releases for f in (base_layer, baseline_layer)}
    return paths | {vm_layer().path}
